using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// Each listener's consumer group gives a partition to at most one replica: replicas beyond the partition count of the
/// topics would idle and only add rebalances. The chart refuses such values when rendering; this keeps the shipped
/// values files inside the limit.
/// </summary>
public sealed class replicas_fit_the_partitions
{
    public static TheoryData<string> ValuesFiles => new(HelmChart.ValuesFiles());

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public void no_service_runs_more_replicas_than_the_topics_have_partitions(string file)
    {
        var values = HelmChart.EffectiveValues(file);
        var partitions = values["topics"]!.AsArray().Min(t => (int)t!["partitions"]!);
        foreach (var (name, service) in values["services"]!.AsObject())
        {
            Assert.True((int)service!["replicas"]! <= partitions, $"{file}: {name} has {(int)service["replicas"]!} replicas for {partitions} partitions");
            var autoscaling = service["autoscaling"]!;
            if ((bool)autoscaling["enabled"]!)
                Assert.True((int)autoscaling["maxReplicas"]! <= partitions, $"{file}: {name} may scale to {(int)autoscaling["maxReplicas"]!} replicas for {partitions} partitions");
        }
    }

    [Fact]
    public void the_deployment_template_enforces_the_limit() =>
        Assert.Contains("include \"orders.validateReplicas\"", HelmChart.Template("deployment.yaml"));
}
