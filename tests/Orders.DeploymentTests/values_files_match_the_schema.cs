using System.Text.Json.Nodes;
using Json.Schema;
using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>Every values file, merged over values.yaml as Helm merges it, satisfies values.schema.json (as helm install checks).</summary>
public sealed class values_files_match_the_schema
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(HelmChart.Directory, "values.schema.json")));

    public static TheoryData<string> ValuesFiles => new(HelmChart.ValuesFiles());

    private static EvaluationResults Evaluate(JsonNode values) =>
        Schema.Evaluate(values, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", results.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public void the_chart_has_default_production_and_development_values() =>
        Assert.Equal(["values-dev.yaml", "values-production.yaml", "values.yaml"], HelmChart.ValuesFiles());

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void the_values_file_is_valid(string file)
    {
        var results = Evaluate(HelmChart.EffectiveValues(file));
        Assert.True(results.IsValid, $"{file}:\n{Errors(results)}");
    }

    [Fact]
    public void a_secret_written_into_the_values_is_refused()
    {
        var values = HelmChart.Defaults();
        values["kafka"]!["saslPassword"] = "hunter2";
        Assert.False(Evaluate(values).IsValid);
    }

    [Fact]
    public void a_root_container_is_refused()
    {
        var values = HelmChart.Defaults();
        values["podSecurityContext"]!["runAsNonRoot"] = false;
        Assert.False(Evaluate(values).IsValid);
    }

    [Fact]
    public void a_mistyped_setting_is_refused()
    {
        var values = HelmChart.Defaults();
        values["services"]!["ordering"]!["replicas"] = "three";
        Assert.False(Evaluate(values).IsValid);
    }

    [Theory]
    [InlineData("Messaging__SendBatchWindowByTopic__payments-commands", true)] // per-topic settings end in a topic's name (README)
    [InlineData("Kafka__FetchWaitMaxMsByTopic__orders-events", true)]
    [InlineData("Shipping__DispatchDelay", true)]
    [InlineData("Shipping", false)]                                          // no section: not a setting
    [InlineData("Shipping__Dispatch Delay", false)]
    [InlineData("Kafka__FetchWaitMaxMsByTopic__orders-events=1", false)]
    public void a_service_setting_name_is_checked(string name, bool valid)
    {
        var values = HelmChart.Defaults();
        values["services"]!["payment"]!["env"]![name] = "00:00:00.020";
        Assert.Equal(valid, Evaluate(values).IsValid);
    }
}
