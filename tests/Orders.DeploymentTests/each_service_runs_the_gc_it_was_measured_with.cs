using System.Text.Json.Nodes;

namespace Orders.DeploymentTests;

/// <summary>
/// Ordering runs server GC, Payment and Shipping workstation GC, all three with background collections (their project
/// files and services/Directory.Build.props; docs/performance.md, steps 3 and 44). The mode travels in each service's
/// runtimeconfig.json, which its image copies as built and which the environment does not override; this project
/// references every service, so their files are beside its own.
/// </summary>
public sealed class each_service_runs_the_gc_it_was_measured_with
{
    [Theory]
    [InlineData("Ordering.Api", true)]
    [InlineData("Payment.Api", false)]
    [InlineData("Shipping.Api", false)]
    public void each_services_runtimeconfig_carries_its_gc_mode(string assembly, bool server)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.Equal(server, properties["System.GC.Server"]?.GetValue<bool>());
        Assert.True(properties["System.GC.Concurrent"]?.GetValue<bool>(), $"{assembly} collects gen2 in the background");
    }
}
