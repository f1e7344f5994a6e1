using System.Text.Json;
using Ordering.Api.Orders.Viewing;
using Orders.Contracts.Versioning;
using Orders.Contracts.Ordering;

namespace Orders.UnitTests.Ordering;

/// <summary>
/// The read model is the fold of the order's facts in log order, whatever order they arrive in: after a crash the inbox
/// hands back stored records while the listener already delivers the ones after them (found by make chaos).
/// </summary>
public class OrderViewTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000021");

    private static readonly ReceivedFact[] Log =
    [
        new(Guid.Parse("00000000-0000-4000-8000-000000000001"), At(10.000001), new OrderCreated(Id, "c-1", "EUR"), 40),
        new(Guid.Parse("00000000-0000-4000-8000-000000000002"), At(10.000035), new ItemAdded(Id, "SKU-1", 2, 12.50m), 41),
        new(Guid.Parse("00000000-0000-4000-8000-000000000003"), At(10.000049), new ItemAdded(Id, "SKU-2", 1, 5m), 42),
        new(Guid.Parse("00000000-0000-4000-8000-000000000004"), At(11.5), new OrderPlaced(Id, 30m, "EUR"), 43),
        new(Guid.Parse("00000000-0000-4000-8000-000000000005"), At(14.25), new OrderCancelled(Id, "customer"), 44),
    ];

    private static DateTimeOffset At(double seconds) => new DateTimeOffset(2026, 11, 28, 7, 37, 0, TimeSpan.Zero).AddSeconds(seconds);

    private static string Json(OrderView? view) => JsonSerializer.Serialize(view, ContractJson.Options);

    /// <summary>What the handler does for each delivery: apply when in order, else fold again from what was received.</summary>
    private static OrderView? Deliver(IEnumerable<ReceivedFact> arrivals)
    {
        OrderView? view = null;
        var received = new List<ReceivedFact>();
        foreach (var fact in arrivals)
        {
            if (view is not null && view.AppliedEventIds.Contains(fact.EventId)) continue; // a duplicate
            var next = OrderView.ArrivesInOrder(view, fact) ? OrderView.Apply(view, fact) : OrderView.Receive(received, fact);
            received.Add(fact);
            if (next is not null) view = next;
        }
        return view;
    }

    [Fact]
    public void Given_facts_in_log_order_When_delivered_Then_the_order_as_the_log_tells_it()
    {
        var view = Deliver(Log);
        Assert.Equal(("Cancelled", 5, 30m, Log[4].SentAt), (view!.Order.Status.ToString(), view.Order.Version, view.Order.Total, view.LastSentAt));
        Assert.Equal(Log.Select(f => f.EventId), view.AppliedEventIds);
    }

    [Fact]
    public void Given_the_placement_When_delivered_in_or_out_of_order_Then_the_view_keeps_when_it_was_sent_for_the_lifecycle_metric()
    {
        Assert.Null(Deliver(Log[..3])!.PlacedAt); // not placed yet
        Assert.Equal(Log[3].SentAt, Deliver(Log)!.PlacedAt);
        Assert.Equal(Log[3].SentAt, Deliver([Log[4], Log[3], Log[0], Log[1], Log[2]])!.PlacedAt);
    }

    [Fact]
    public void Given_the_first_facts_handed_back_by_the_inbox_after_later_ones_When_delivered_Then_the_same_view_as_in_log_order()
    {
        // The chaos case: created and items were in the inbox of a killed instance; placed and cancelled came first.
        var view = Deliver([Log[3], Log[4], Log[0], Log[1], Log[2]]);
        Assert.Equal(Json(Deliver(Log)), Json(view));
    }

    [Fact]
    public void Given_every_arrival_order_and_a_duplicate_When_delivered_Then_always_the_same_view()
    {
        var expected = Json(Deliver(Log));
        foreach (var arrival in Permutations(Log.ToList()))
            Assert.Equal(expected, Json(Deliver([.. arrival, arrival[0]])));
    }

    [Fact]
    public void Given_a_creation_and_its_item_sent_in_the_same_microsecond_When_the_item_arrives_first_Then_the_offset_orders_them()
    {
        // One decision's facts, sent within the sent-at header's resolution: only the log's offset tells them apart.
        ReceivedFact created = Log[0], item = Log[1] with { SentAt = Log[0].SentAt };
        Assert.Equal(Json(Deliver([created, item])), Json(Deliver([item, created])));
        Assert.Equal(2, Deliver([item, created])!.Order.Version);
    }

    [Fact]
    public void Given_facts_without_their_creation_When_delivered_Then_no_view_until_it_arrives() =>
        Assert.Null(Deliver([Log[1], Log[3]]));

    private static IEnumerable<List<ReceivedFact>> Permutations(List<ReceivedFact> facts) =>
        facts.Count <= 1 ? [facts] : facts.SelectMany(f => Permutations(facts.Where(o => o != f).ToList()).Select(rest => (List<ReceivedFact>)[f, .. rest]));
}
