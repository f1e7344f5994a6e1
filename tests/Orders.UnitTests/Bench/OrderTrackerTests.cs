using Orders.Bench.Load;

namespace Orders.UnitTests.Bench;

/// <summary>How the bench accounts for an order's end: shipped, cancelled, or still in flight.</summary>
public class OrderTrackerTests
{
    private static readonly DateTime Intended = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Given_an_order_cancelled_instead_of_shipped_When_tracked_Then_it_leaves_the_flight_frees_its_slot_and_is_counted_apart_from_completions()
    {
        var tracker = new OrderTracker();
        var freed = new List<DateTime>();
        tracker.Finished += freed.Add;
        var cancelled = Guid.NewGuid();
        var shipped = Guid.NewGuid();
        tracker.Started(cancelled, Intended);
        tracker.Started(shipped, Intended.AddMilliseconds(10));

        tracker.Cancelled(cancelled);
        tracker.Shipped(shipped, Intended.AddMilliseconds(250));

        Assert.Equal(0, tracker.InFlight);
        Assert.Equal([Intended], tracker.Cancellations);
        Assert.Equal(shipped, Assert.Single(tracker.Completions).OrderId);
        Assert.Equal([Intended, Intended.AddMilliseconds(10)], freed);
    }

    [Fact]
    public void Given_a_cancellation_record_for_an_order_that_already_shipped_or_is_not_ours_When_tracked_Then_nothing_changes()
    {
        var tracker = new OrderTracker();
        var order = Guid.NewGuid();
        tracker.Started(order, Intended);
        tracker.Shipped(order, Intended.AddMilliseconds(200));

        tracker.Cancelled(order);
        tracker.Cancelled(Guid.NewGuid());

        Assert.Empty(tracker.Cancellations);
        Assert.Single(tracker.Completions);
    }

    [Fact]
    public void Given_failures_before_and_during_a_phase_When_the_phases_failures_are_read_Then_only_those_since_its_start_are_counted_by_reason()
    {
        var tracker = new OrderTracker();
        tracker.Fail(null, Intended, "create 500");
        tracker.Fail(null, Intended, "place 409");
        var before = tracker.Failures.ToDictionary();

        tracker.Fail(null, Intended.AddSeconds(1), "create 500");
        tracker.Fail(null, Intended.AddSeconds(1), "create 500");
        tracker.Fail(null, Intended.AddSeconds(1), "HttpRequestException");

        Assert.Equal(new Dictionary<string, int> { ["create 500"] = 2, ["HttpRequestException"] = 1 }, tracker.FailuresSince(before));
    }
}
