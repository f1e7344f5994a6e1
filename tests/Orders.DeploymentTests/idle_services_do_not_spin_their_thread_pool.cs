using System.Text.Json.Nodes;

namespace Orders.DeploymentTests;

/// <summary>
/// Payment's and Shipping's idle thread-pool workers sleep without spinning for work first; Ordering keeps the runtime's
/// default (their project files; docs/performance.md, step 40). The setting travels in each service's
/// runtimeconfig.json, which its image copies as built; this project references every service, so their files are
/// beside its own. A mistyped property or a dropped line in a project file would lose the setting without a word.
/// </summary>
public sealed class idle_services_do_not_spin_their_thread_pool
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Theory]
    [InlineData("Payment.Api", 0)]
    [InlineData("Shipping.Api", 0)]
    [InlineData("Ordering.Api", null)]
    public void each_services_runtimeconfig_carries_the_spin_limit_it_was_given(string assembly, int? expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"];
        Assert.Equal(expected, properties?[SpinLimit]?.GetValue<int>());
    }
}
