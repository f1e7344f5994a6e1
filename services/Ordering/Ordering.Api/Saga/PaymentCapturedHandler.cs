using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>Payment captured: the order is paid and its shipment requested.</summary>
public static class PaymentCapturedHandler
{
    public static Task<Order?> LoadAsync(PaymentCaptured e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp, IMartenOp) Handle(PaymentCaptured e, Order? order, Envelope envelope) => SagaStep.Take(new RecordPaymentCaptured(e.OrderId, e.PaymentId, e.Amount), order, envelope, e);
}
