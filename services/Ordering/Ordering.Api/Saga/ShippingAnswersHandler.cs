using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>Shipping's facts: the parcel left (order shipped), or it was stopped in time (order cancelled, payment refunded).</summary>
public static class ShippingAnswersHandler
{
    public static Task<Order?> LoadAsync(OrderDispatched e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(OrderDispatched e, Order? order) =>
        PaymentAnswersHandler.Step(OrderWorkflow.Run(new RecordDispatch(e.OrderId, e.TrackingNumber), order));

    public static Task<Order?> LoadAsync(ShipmentCancelled e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(ShipmentCancelled e, Order? order) =>
        PaymentAnswersHandler.Step(OrderWorkflow.Run(new RecordShipmentCancelled(e.OrderId, e.Reason), order));
}
