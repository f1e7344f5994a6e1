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
}
