using System.Text.Json.Nodes;

namespace Orders.DeploymentTests;

/// <summary>
/// Every service's idle thread-pool workers sleep without spinning for work first (services/Directory.Build.props;
/// docs/performance.md, steps 40 and 45). The setting travels in each service's runtimeconfig.json, which its image
/// copies as built; this project references every service, so their files are beside its own. A project file that
/// overrode the shared property, or a mistyped one, would lose the setting without a word.
/// </summary>
public sealed class services_do_not_spin_their_thread_pool
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Theory]
    [InlineData("Ordering.Api")]
    [InlineData("Payment.Api")]
    [InlineData("Shipping.Api")]
    public void each_services_runtimeconfig_carries_a_spin_limit_of_zero(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"];
        Assert.Equal(0, properties?[SpinLimit]?.GetValue<int>());
    }
}
