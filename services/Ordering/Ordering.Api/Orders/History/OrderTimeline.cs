using Orders.Contracts.Privacy;

namespace Ordering.Api.Orders.History;

/// <summary>"What did we know then?": the order folded from its recorded facts up to an instant or a version. Pure.</summary>
public static class OrderTimeline
{
    /// <summary>Log order: one order's facts share a partition, so offsets order them; timestamps break ties across topics.</summary>
    public static IEnumerable<OrderHistoryEntry> InLogOrder(IEnumerable<OrderHistoryEntry> entries) =>
        entries.OrderBy(e => e.Timestamp).ThenBy(e => e.Offset ?? 0);

    /// <summary>Personal data is opened with today's keys: what was erased since reads as erased, whatever the instant asked for.</summary>
    public static Order? AsOf(IEnumerable<OrderHistoryEntry> entries, DateTimeOffset instant, ICustomerKeys keys) =>
        OrderFold.Fold(OrderFacts(entries).TakeWhile(e => e.Timestamp <= instant).Select(e => e.ToEvent(keys)));

    public static Order? AtVersion(IEnumerable<OrderHistoryEntry> entries, int version, ICustomerKeys keys) =>
        OrderFold.Fold(OrderFacts(entries).Take(version).Select(e => e.ToEvent(keys)));

    // By send time, as the read model folds them: an entry recovered from the inbox after a crash has no offset.
    private static IEnumerable<OrderHistoryEntry> OrderFacts(IEnumerable<OrderHistoryEntry> entries) =>
        InLogOrder(entries.Where(e => e.IsOrderFact));
}
