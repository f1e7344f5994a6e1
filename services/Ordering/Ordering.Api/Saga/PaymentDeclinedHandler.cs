using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>Payment declined: the order is cancelled.</summary>
public static class PaymentDeclinedHandler
{
    public static Task<Order?> LoadAsync(PaymentDeclined e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp, IMartenOp) Handle(PaymentDeclined e, Order? order, Envelope envelope) => SagaStep.Take(new RecordPaymentDeclined(e.OrderId, e.Reason), order, envelope, e);
}
