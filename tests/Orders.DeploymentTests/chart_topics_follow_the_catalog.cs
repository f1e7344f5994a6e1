using System.Text.Json.Nodes;
using Orders.Contracts;
using Orders.DeploymentTests.Infrastructure;
using Orders.Tools.Provisioning;

namespace Orders.DeploymentTests;

/// <summary>
/// The chart's topics are the topic catalog in code, entry for entry (docs/architecture.md §3: one catalog for services,
/// embedded broker and Helm). Regenerate them with <c>orders-tools topics --helm-values</c>.
/// </summary>
public sealed class chart_topics_follow_the_catalog
{
    public static TheoryData<string> ValuesFiles => new(HelmChart.ValuesFiles());

    private static object Shape(TopicSpec t) => (t.Name, t.Kind.ToString(), t.Partitions, (int)t.ReplicationFactor, t.MinInSyncReplicas, t.RetentionMs, t.CleanupPolicy);

    private static object Shape(JsonNode t) => ((string)t["name"]!, (string)t["kind"]!, (int)t["partitions"]!, (int)t["replicationFactor"]!,
        (int)t["minInSyncReplicas"]!, (long)t["retentionMs"]!, (string)t["cleanupPolicy"]!);

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void the_topics_value_equals_the_catalog(string file) =>
        Assert.Equal(TopicCatalog.All.Select(Shape), HelmChart.EffectiveValues(file)["topics"]!.AsArray().Select(t => Shape(t!)));

    [Fact]
    public void the_tools_command_prints_what_the_chart_holds() =>
        Assert.Equal(Yaml.Load(TopicValues.ToYaml(TopicCatalog.All))!["topics"]!.ToJsonString(), HelmChart.Defaults()["topics"]!.ToJsonString());

    [Fact]
    public void the_setup_job_provisions_topics_with_the_tools_image()
    {
        var job = Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Template("setup-job.yaml"))).Single(d => (string?)d?["kind"] == "Job")!;
        var topics = job["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "topics")!;
        Assert.Equal(["topics", "--apply"], topics["args"]!.AsArray().Select(a => (string)a!).Take(2));
        var hooks = (string)job["metadata"]!["annotations"]!["helm.sh/hook"]!;
        Assert.Equal(["pre-install", "pre-upgrade"], hooks.Split(','));
    }
}
