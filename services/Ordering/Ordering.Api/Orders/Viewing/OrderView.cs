namespace Ordering.Api.Orders.Viewing;

/// <summary>
/// The read model behind <c>GET /orders/{id}</c>, built only from <c>orders-events</c> as they arrive from Kafka,
/// so it can be dropped and rebuilt from the log at any time. It folds the same <see cref="OrderFold.Evolve"/> as the
/// decisions do, and remembers which event ids it has applied: a redelivered event (after the inbox has forgotten it,
/// or from a replay) is recognised and skipped (ARCHITECTURE §5.2).
/// </summary>
public sealed record OrderView(Guid Id, Order Order, IReadOnlyList<Guid> AppliedEventIds)
{
    /// <summary>The view after one delivery; null when there is nothing to store (a duplicate, or a fact about an unknown order).</summary>
    public static OrderView? Apply(OrderView? view, Guid eventId, object @event)
    {
        if (view is not null && view.AppliedEventIds.Contains(eventId)) return null;
        var order = OrderFold.Evolve(view?.Order, @event);
        if (order is null) return null;
        return new OrderView(order.Id, order, [.. view?.AppliedEventIds ?? [], eventId]);
    }
}
