using Marten;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Telemetry;
using Wolverine;

namespace Ordering.Api.Orders.Viewing;

/// <summary>
/// Keeps <see cref="OrderView"/> up to date from orders-events. Facts usually arrive in log order and are applied one by
/// one; one that arrives first or late (after a crash, the inbox hands back stored records while the listener delivers
/// later ones) makes the view fold again from every fact the history has recorded, in log order.
/// </summary>
public static class OrderViewHandler
{
    public static Task Handle(OrderCreated e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(ItemAdded e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(OrderPlaced e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(OrderPaid e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(OrderCancellationRequested e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(OrderShipped e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);
    public static Task Handle(OrderCancelled e, Envelope envelope, IDocumentSession session, ICustomerKeys keys) => Project(e, envelope, session, keys);

    private static async Task Project(IOrderMessage e, Envelope envelope, IDocumentSession session, ICustomerKeys keys)
    {
        var current = await session.LoadAsync<OrderView>(e.OrderId);
        if (current is not null && current.AppliedEventIds.Contains(envelope.Id))
        {
            OrdersMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("projection", nameof(OrderView)));
            return;
        }
        var entry = OrderHistoryEntry.From(envelope, e);
        session.Store(entry);

        var fact = new ReceivedFact(envelope.Id, envelope.SentAt, e);
        var next = OrderView.ArrivesInOrder(current, fact)
            ? OrderView.Apply(current, fact)
            : OrderView.Receive(await ReceivedBeforeAsync(e.OrderId, session, keys), fact); // first fact, or one arriving late
        if (next is null) return; // nothing to show until the order's creation arrives; its facts wait in the history
        session.Store(next); // guarded by optimistic concurrency: a racing writer makes this delivery retry
        if (current?.Order.Status != next.Order.Status && next.Order.Status is OrderStatus.Shipped or OrderStatus.Cancelled)
            await RecordLifecycleAsync(e.OrderId, next.Order.Status, envelope.SentAt, session);
    }

    /// <summary>The order's facts already recorded from orders-events, as the view would have received them.</summary>
    private static async Task<IEnumerable<ReceivedFact>> ReceivedBeforeAsync(Guid orderId, IDocumentSession session, ICustomerKeys keys)
    {
        var entries = await session.Query<OrderHistoryEntry>().Where(h => h.OrderId == orderId).ToListAsync();
        return entries.Where(h => h.IsOrderFact).Select(h => new ReceivedFact(h.Id, h.Timestamp, h.ToEvent(keys)));
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
