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
        IReadOnlyList<OrderHistoryEntry>? recorded = null; // loaded only when the view must fold again
        OrderView? next;
        if (OrderView.ArrivesInOrder(current, fact)) next = OrderView.Apply(current, fact);
        else
        {
            recorded = await RecordedAsync(e.OrderId, session); // first fact, or one arriving late: fold everything again
            next = OrderView.Receive(AsReceived(recorded, keys), fact);
        }
        if (next is null) return; // nothing to show until the order's creation arrives; its facts wait in the history
        session.Store(next); // guarded by optimistic concurrency: a racing writer makes this delivery retry
        if (current?.Order.Status != next.Order.Status && next.Order.Status is OrderStatus.Shipped or OrderStatus.Cancelled)
            RecordLifecycle(next.Order.Status, envelope.SentAt, recorded ?? await RecordedAsync(e.OrderId, session, PlacedType));
    }

    private static readonly string PlacedType = MessageContracts.WireTypeOf(typeof(OrderPlaced));

    /// <summary>The order's history entries recorded so far (of one fact type, when given).</summary>
    private static async Task<IReadOnlyList<OrderHistoryEntry>> RecordedAsync(Guid orderId, IDocumentSession session, string? type = null) =>
        type is null
            ? await session.Query<OrderHistoryEntry>().Where(h => h.OrderId == orderId).ToListAsync()
            : await session.Query<OrderHistoryEntry>().Where(h => h.OrderId == orderId && h.CurrentType == type).ToListAsync();

    /// <summary>The order's facts already recorded from orders-events, as the view would have received them.</summary>
    private static IEnumerable<ReceivedFact> AsReceived(IEnumerable<OrderHistoryEntry> entries, ICustomerKeys keys) =>
        entries.Where(h => h.IsOrderFact).Select(h => new ReceivedFact(h.Id, h.Timestamp, h.ToEvent(keys)));

    /// <summary>
    /// The order's end, measured from its placement as the log dates both. Recorded when the view first reaches the end
    /// (a retried delivery may count twice: metrics tolerate it, the read model does not). Orders cancelled before
    /// placement have no lifecycle to measure. Takes the entries a refold already loaded, so a late final fact costs
    /// one history query, not two.
    /// </summary>
    private static void RecordLifecycle(OrderStatus outcome, DateTimeOffset endedAt, IEnumerable<OrderHistoryEntry> recorded)
    {
        var placements = recorded.Where(h => h.CurrentType == PlacedType).Select(h => h.Timestamp).ToList();
        if (placements.Count == 0) return;
        OrdersMetrics.OrderLifecycle.Record(Math.Max(0, (endedAt - placements.Min()).TotalSeconds),
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
    }
}
