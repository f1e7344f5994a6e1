using Orders.Contracts.Privacy;
using Orders.ServiceDefaults.Kafka;

namespace Ordering.Api.Orders.History;

/// <summary>"What did we know then?": the order folded from its recorded facts up to an instant or a version. Pure.</summary>
public static class OrderTimeline
{
    /// <summary>
    /// Decision order (<see cref="DecisionOrder"/>), the one the read model folds in, so that a temporal query never tells
    /// an order differently from <c>GET /orders/{id}</c>: send time, then the offset for facts sent in the same instant; an
    /// entry recovered from the inbox after a crash has no offset and goes after those of its instant that have one.
    /// </summary>
    public static IEnumerable<OrderHistoryEntry> InLogOrder(IEnumerable<OrderHistoryEntry> entries) =>
        DecisionOrder.Of(entries, e => e.Timestamp, e => e.Offset);

    /// <summary>Personal data is opened with today's keys: what was erased since reads as erased, whatever the instant asked for.</summary>
    public static Order? AsOf(IEnumerable<OrderHistoryEntry> entries, DateTimeOffset instant, ICustomerKeys keys) =>
        OrderFold.Fold(OrderFacts(entries).TakeWhile(e => e.Timestamp <= instant).Select(e => e.ToEvent(keys)));

    /// <summary>Null when the order has fewer versions than asked for (or none): version n is its first n facts.</summary>
    public static Order? AtVersion(IEnumerable<OrderHistoryEntry> entries, int version, ICustomerKeys keys)
    {
        var facts = OrderFacts(entries).Take(version).ToList();
        return facts.Count < version ? null : OrderFold.Fold(facts.Select(e => e.ToEvent(keys)));
    }

    private static IEnumerable<OrderHistoryEntry> OrderFacts(IEnumerable<OrderHistoryEntry> entries) =>
        InLogOrder(entries.Where(e => e.IsOrderFact));
}
