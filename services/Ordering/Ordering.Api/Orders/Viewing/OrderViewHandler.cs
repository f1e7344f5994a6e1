using Marten;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.Contracts.Ordering;
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
        if (OrderView.Apply(current, envelope.Id, e) is { } next)
            session.Store(next); // guarded by optimistic concurrency: a racing writer makes this delivery retry
    }
}
