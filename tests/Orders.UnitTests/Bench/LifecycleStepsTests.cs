using Orders.Bench.Load;
using Orders.Bench.Monitoring;

namespace Orders.UnitTests.Bench;

/// <summary>The bench's "where the latency goes" table: gaps between an order's records, grouped by step.</summary>
public class LifecycleStepsTests
{
    private static readonly DateTime T0 = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    private static LifecycleRecord At(Guid order, string message, int ms) => new(order, message, T0.AddMilliseconds(ms));

    [Fact]
    public void Given_an_orders_records_out_of_log_order_When_measured_Then_each_step_is_the_gap_to_the_previous_moment_and_they_add_up_to_the_latency()
    {
        var order = Guid.NewGuid();
        var completion = new Completion(order, T0, T0.AddMilliseconds(900));
        var records = new[]
        {
            At(order, "shipped", 900),
            At(order, "created", 100), // read from another topic first: the time order is what counts
            At(order, "captured", 600),
        };

        var steps = LifecycleSteps.Of([completion], records);

        Assert.Equal([(LifecycleSteps.ScheduledStart, "created", 100.0), ("created", "captured", 500.0), ("captured", "shipped", 300.0)],
            steps.Select(s => (s.From, s.To, s.Gap.P50Ms)));
        Assert.Equal(completion.LatencyMs, steps.Sum(s => s.Gap.P50Ms));
    }

    [Fact]
    public void Given_orders_that_took_different_paths_When_measured_Then_each_pair_counts_only_the_orders_that_went_that_way()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var records = new[]
        {
            At(first, "placed", 10), At(first, "capture", 20), At(first, "shipped", 100),
            At(second, "capture", 15), At(second, "placed", 40), At(second, "shipped", 200), // the sender ran late: reversed
        };

        var steps = LifecycleSteps.Of([new Completion(first, T0, T0.AddMilliseconds(100)), new Completion(second, T0, T0.AddMilliseconds(200))], records);

        Assert.Equal(1, steps.Single(s => s is { From: "placed", To: "capture" }).Orders);
        Assert.Equal(1, steps.Single(s => s is { From: "capture", To: "placed" }).Orders);
        Assert.Equal(2, steps.Count(s => s.To == "shipped"));
    }

    [Fact]
    public void Given_records_after_the_order_shipped_or_of_other_orders_When_measured_Then_they_are_left_out()
    {
        var order = Guid.NewGuid();
        var records = new[] { At(order, "created", 50), At(order, "shipped", 300), At(order, "refund-requested", 900), At(Guid.NewGuid(), "created", 10) };

        var steps = LifecycleSteps.Of([new Completion(order, T0, T0.AddMilliseconds(300))], records);

        Assert.Equal(["created", "shipped"], steps.Select(s => s.To));
    }
}
