using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>The parcel left the warehouse: the order is shipped.</summary>
public static class OrderDispatchedHandler
{
    public static Task<Order?> LoadAsync(OrderDispatched e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp, IMartenOp) Handle(OrderDispatched e, Order? order, Envelope envelope) => SagaStep.Take(new RecordDispatch(e.OrderId, e.TrackingNumber), order, envelope, e);
}
