using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// Without helm, the next best check of the templates: what each writes literally is YAML, so a stray indent or
/// colon fails here rather than at <c>helm install</c>. The named templates of _helpers.tpl are checked the same way.
/// </summary>
public sealed class templates_parse_as_yaml
{
    public static TheoryData<string> Templates => new(HelmChart.TemplateFiles());
    public static TheoryData<string> Defines => new(HelmChart.Defines().Keys.Order());

    [Theory]
    [MemberData(nameof(Templates))]
    public void the_template_is_yaml_once_directives_are_neutralised(string file)
    {
        var documents = Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Template(file))).Where(d => d is not null).ToList();
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.False(string.IsNullOrEmpty((string?)document!["apiVersion"]), $"{file}: a document without apiVersion");
            Assert.False(string.IsNullOrEmpty((string?)document["kind"]), $"{file}: a document without kind");
        }
    }

    [Theory]
    [MemberData(nameof(Defines))]
    public void the_named_template_is_yaml_once_directives_are_neutralised(string name) =>
        Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Defines()[name]));

    [Fact]
    public void neutralising_keeps_a_broken_template_broken() =>
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => Yaml.LoadAll(HelmChart.Neutralise("""
            kind: ConfigMap
            data:
              {{- if .Values.x }}
              key: {{ .Values.x }}
               other: value
              {{- end }}
            """)));

    [Fact]
    public void the_chart_renders_every_kind_the_deployment_needs()
    {
        var kinds = HelmChart.TemplateFiles()
            .SelectMany(f => Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Template(f))))
            .Where(d => d is not null).Select(d => (string)d!["kind"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job" }, kinds);
    }
}
