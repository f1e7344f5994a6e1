using Marten;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Telemetry;
using Wolverine;

namespace Ordering.Api.Orders.Viewing;

/// <summary>Keeps <see cref="OrderView"/> up to date from orders-events, one order at a time in partition order.</summary>
public static class OrderViewHandler
{
    public static Task Handle(OrderCreated e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(ItemAdded e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(OrderPlaced e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(OrderPaid e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(OrderCancellationRequested e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(OrderShipped e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);
    public static Task Handle(OrderCancelled e, Envelope envelope, IDocumentSession session) => Project(e, envelope, session);

    private static async Task Project(IOrderMessage e, Envelope envelope, IDocumentSession session)
    {
        var current = await session.LoadAsync<OrderView>(e.OrderId);
        if (current is not null && current.AppliedEventIds.Contains(envelope.Id))
        {
            OrdersMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("projection", nameof(OrderView)));
            return;
        }
        session.Store(OrderHistoryEntry.From(envelope, e));
        if (OrderView.Apply(current, envelope.Id, e) is not { } next) return;
        session.Store(next); // guarded by optimistic concurrency: a racing writer makes this delivery retry
        if (current?.Order.Status != next.Order.Status && next.Order.Status is OrderStatus.Shipped or OrderStatus.Cancelled)
            await RecordLifecycleAsync(e.OrderId, next.Order.Status, envelope.SentAt, session);
    }

    /// <summary>
    /// The order's end, measured from its placement as the log dates both. Recorded when the view first reaches the end
    /// (a retried delivery may count twice: metrics tolerate it, the read model does not). Orders cancelled before
    /// placement have no lifecycle to measure.
    /// </summary>
    private static async Task RecordLifecycleAsync(Guid orderId, OrderStatus outcome, DateTimeOffset endedAt, IDocumentSession session)
    {
        var placedType = MessageContracts.WireTypeOf(typeof(OrderPlaced));
        var placed = await session.Query<OrderHistoryEntry>().Where(h => h.OrderId == orderId && h.CurrentType == placedType).ToListAsync();
        if (placed.Count == 0) return;
        OrdersMetrics.OrderLifecycle.Record(Math.Max(0, (endedAt - placed.Min(h => h.Timestamp)).TotalSeconds),
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
    }
}
