using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>The shipment was stopped in time: the order is cancelled and its payment refunded.</summary>
public static class ShipmentCancelledHandler
{
    public static Task<Order?> LoadAsync(ShipmentCancelled e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp, IMartenOp) Handle(ShipmentCancelled e, Order? order, Envelope envelope) => SagaStep.Take(new RecordShipmentCancelled(e.OrderId, e.Reason), order, envelope, e);
}
