using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.DeploymentTests;

/// <summary>
/// The chart and the images agree with the code: probes hit the health endpoints the services map, the port the pods
/// expose is the one the images listen on, and every environment variable the chart sets is a setting the service
/// reads (a misspelt <c>Kafka__BootstrapServer</c> would silently fall back to localhost).
/// </summary>
public sealed class chart_matches_what_the_services_read
{
    public static TheoryData<string> ValuesFiles => new(HelmChart.ValuesFiles());
    public static TheoryData<string> Services => new(ServiceSettings.Services.Keys);

    private static JsonNode Deployment() =>
        Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Template("deployment.yaml"))).Single(d => (string?)d?["kind"] == "Deployment")!;

    private static JsonNode Container() => Deployment()["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static IEnumerable<string> ConfigMapVariables() =>
        Yaml.Load(HelmChart.Neutralise(HelmChart.Defines()["orders.config"]))!.AsObject().Select(p => p.Key).Where(k => k != HelmChart.Placeholder);

    private static IEnumerable<string> SecretVariables() =>
        Yaml.Load(HelmChart.Neutralise(HelmChart.Defines()["orders.secretEnv"]))!.AsArray().Select(e => (string)e!["name"]!);

    [Theory]
    [InlineData("startupProbe", ServiceDefaultsExtensions.LivePath)]
    [InlineData("livenessProbe", ServiceDefaultsExtensions.LivePath)]
    [InlineData("readinessProbe", ServiceDefaultsExtensions.ReadyPath)]
    public void the_probe_calls_the_health_endpoint_the_services_map(string probe, string path)
    {
        var get = Container()[probe]!["httpGet"]!;
        Assert.Equal(path, (string)get["path"]!);
        var port = (string)get["port"]!;
        Assert.Contains(Container()["ports"]!.AsArray(), p => (string?)p!["name"] == port);
    }

    [Fact]
    public void the_scrape_annotation_names_the_metrics_endpoint_the_services_map()
    {
        var annotations = Deployment()["spec"]!["template"]!["metadata"]!["annotations"]!;
        Assert.Equal(PrometheusEndpoint.Path, (string)annotations["prometheus.io/path"]!);
    }

    [Fact]
    public void the_pods_listen_where_the_chart_and_the_images_say()
    {
        // The chart sets the listening port from the same value it declares as containerPort.
        Assert.Contains("ASPNETCORE_HTTP_PORTS: {{ .root.Values.containerPort | quote }}", HelmChart.Defines()["orders.config"]);
        Assert.Contains("containerPort: {{ $.Values.containerPort }}", HelmChart.Template("deployment.yaml"));
        var port = (int)HelmChart.Defaults()["containerPort"]!;
        foreach (var dockerfile in Dockerfiles.Services())
        {
            var text = File.ReadAllText(dockerfile);
            Assert.Equal(port.ToString(), Regex.Match(text, @"ASPNETCORE_HTTP_PORTS=(\d+)").Groups[1].Value);
            Assert.Equal(port.ToString(), Regex.Match(text, @"(?m)^EXPOSE\s+(\d+)").Groups[1].Value);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void every_variable_of_the_config_map_and_the_secret_references_is_read_by_the_service(string service)
    {
        var unknown = ConfigMapVariables().Concat(SecretVariables()).Where(v => !ServiceSettings.Reads(service, v)).ToList();
        Assert.True(unknown.Count == 0, $"{service} reads none of: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void the_key_store_reaches_exactly_the_services_that_read_it()
    {
        var keyStoreVariables = Yaml.Load(HelmChart.Neutralise(HelmChart.Defines()["orders.keyStoreEnv"]))!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.Equal(["ConnectionStrings__KeyStore"], keyStoreVariables);
        Assert.Contains("{{- if ne .name \"payment\" }}\n{{ include \"orders.keyStoreEnv\" .root }}", HelmChart.Defines()["orders.secretEnv"]);
        foreach (var service in ServiceSettings.Services.Keys)
            Assert.Equal(service != "payment", ServiceSettings.Reads(service, keyStoreVariables[0]));
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void every_service_setting_in_the_values_is_read_by_that_service(string file)
    {
        foreach (var (service, entry) in HelmChart.EffectiveValues(file)["services"]!.AsObject())
        {
            var variables = entry!["env"]?.AsObject().Select(p => p.Key) ?? [];
            var unknown = variables.Where(v => !ServiceSettings.Reads(service, v)).ToList();
            Assert.True(unknown.Count == 0, $"{file}: {service} reads none of: {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void the_setup_job_sets_only_settings_the_tools_and_services_read()
    {
        var job = Yaml.LoadAll(HelmChart.Neutralise(HelmChart.Template("setup-job.yaml"))).Single(d => (string?)d?["kind"] == "Job")!;
        var topics = job["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "topics")!;
        // orders-tools binds the services' Kafka section, nothing else.
        var kafkaKeys = ServiceSettings.KeysReadBy("ordering").Where(k => k.StartsWith("Kafka:", StringComparison.Ordinal)).ToHashSet();
        Assert.All(topics["env"]!.AsArray().Select(e => (string)e!["name"]!), name => Assert.Contains(name.Replace("__", ":"), kafkaKeys));
        Assert.Contains("include \"orders.config\"", HelmChart.Template("setup-job.yaml"));
        Assert.Contains("include \"orders.secretEnv\"", HelmChart.Template("setup-job.yaml"));
    }

    [Fact]
    public void the_key_catalogue_tells_settings_apart()
    {
        Assert.True(ServiceSettings.Reads("ordering", "Kafka__BootstrapServers"));
        Assert.True(ServiceSettings.Reads("ordering", "Health__MaxConsumerLag"));
        Assert.True(ServiceSettings.Reads("payment", "Payment__DeclineAbove"));
        Assert.False(ServiceSettings.Reads("ordering", "Payment__DeclineAbove"));
        Assert.False(ServiceSettings.Reads("ordering", "Kafka__BootstrapServer"));
    }
}
