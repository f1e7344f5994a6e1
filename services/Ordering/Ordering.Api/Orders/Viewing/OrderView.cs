using Orders.Contracts.Ordering;
using Orders.ServiceDefaults.Kafka;

namespace Ordering.Api.Orders.Viewing;

/// <summary>
/// A fact about an order as the view receives it: its event id, when Ordering sent it, the event, and where the log holds
/// it. The send time orders an order's facts: Ordering decides them one after the other (optimistic concurrency), and
/// unlike the Kafka offset it survives a trip through the durable inbox (an envelope recovered after a crash comes back
/// without its offset). The offset only breaks ties: facts of one decision can be sent within the header's microsecond.
/// </summary>
public sealed record ReceivedFact(Guid EventId, DateTimeOffset SentAt, object Event, long? Offset)
{
    /// <summary>Decision order (<see cref="DecisionOrder"/>), the one every fold of the view uses (live, on late arrival, in a rebuild).</summary>
    public static IEnumerable<T> InDecisionOrder<T>(IEnumerable<T> facts, Func<T, ReceivedFact> fact) =>
        DecisionOrder.Of(facts, f => fact(f).SentAt, f => fact(f).Offset);
}

/// <summary>
/// The read model behind <c>GET /orders/{id}</c>, built only from <c>orders-events</c> as they arrive from Kafka,
/// so it can be dropped and rebuilt from the log at any time. It folds the same <see cref="OrderFold.Evolve"/> as the
/// decisions do, and remembers which event ids it has applied: a redelivered event (after the inbox has forgotten it,
/// or from a replay) is recognised and skipped (docs/architecture.md §5.2). <see cref="LastSentAt"/> is the latest send time
/// folded in: a fact sent before it arrived out of order, and the view is then folded again from every fact received.
/// <see cref="PlacedAt"/> is when the placement was sent, where the lifecycle metric starts (null before placement, and
/// in views stored before it was kept).
/// </summary>
public sealed record OrderView(Guid Id, Order Order, IReadOnlyList<Guid> AppliedEventIds, DateTimeOffset? LastSentAt = null, DateTimeOffset? PlacedAt = null)
{
    /// <summary>The view after one delivery; null when there is nothing to store (a duplicate, or a fact about an unknown order).</summary>
    public static OrderView? Apply(OrderView? view, ReceivedFact fact)
    {
        if (view is not null && view.AppliedEventIds.Contains(fact.EventId)) return null;
        var order = OrderFold.Evolve(view?.Order, fact.Event);
        if (order is null) return null;
        var sentAt = fact.SentAt.ToUniversalTime();
        return new OrderView(order.Id, order, [.. view?.AppliedEventIds ?? [], fact.EventId], Latest(view?.LastSentAt, sentAt),
            view?.PlacedAt ?? (fact.Event is OrderPlaced ? sentAt : null));
    }

    /// <summary>
    /// Whether <paramref name="fact"/> can simply be applied to <paramref name="view"/>: the view exists and the fact comes
    /// sent after everything in it. Otherwise (no view yet, or an earlier fact arriving late) use <see cref="Receive"/>.
    /// </summary>
    public static bool ArrivesInOrder(OrderView? view, ReceivedFact fact) => view is not null && fact.SentAt > view.LastSentAt;

    /// <summary>
    /// The view after receiving <paramref name="fact"/>, given every fact about the order received before it, in any
    /// order: all of them folded in log order. Facts can arrive out of order: after a crash, the durable inbox hands back
    /// the records it had stored but not handled while the listener already delivers the ones after them. Null while
    /// the order's creation has not arrived (the facts wait in the history until it does).
    /// </summary>
    public static OrderView? Receive(IEnumerable<ReceivedFact> earlier, ReceivedFact fact) =>
        ReceivedFact.InDecisionOrder(earlier.Where(f => f.EventId != fact.EventId).Append(fact), f => f)
            .Aggregate((OrderView?)null, (view, next) => Apply(view, next) ?? view);

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
