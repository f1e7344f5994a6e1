using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>The warehouse cannot ship the order: it is cancelled and its payment refunded (compensation).</summary>
public static class ShipmentFailedHandler
{
    public static Task<Order?> LoadAsync(ShipmentFailed e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp, IMartenOp) Handle(ShipmentFailed e, Order? order, Envelope envelope) => SagaStep.Take(new RecordShipmentFailed(e.OrderId, e.Reason), order, envelope, e);
}
