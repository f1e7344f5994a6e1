using Marten;
using Ordering.Api.Orders;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>Payment's facts, turned into the order's next step (paid, or cancelled after a decline).</summary>
public static class PaymentAnswersHandler
{
    public static Task<Order?> LoadAsync(PaymentCaptured e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(PaymentCaptured e, Order? order) =>
        Step(OrderWorkflow.Run(new RecordPaymentCaptured(e.OrderId, e.PaymentId, e.Amount), order));

    public static Task<Order?> LoadAsync(PaymentDeclined e, IDocumentSession session) => session.LoadAsync<Order>(e.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(PaymentDeclined e, Order? order) =>
        Step(OrderWorkflow.Run(new RecordPaymentDeclined(e.OrderId, e.Reason), order));

    /// <summary>The refund closes the saga's compensation; the order itself is already cancelled.</summary>
    public static void Handle(PaymentRefunded e, ILogger<PaymentRefunded> logger) =>
        logger.LogInformation("Refund of {Amount} {Currency} confirmed for order {OrderId}", e.Amount, e.Currency, e.OrderId);

    internal static (OutgoingMessages, IMartenOp) Step(OrderOutcome outcome) => (outcome.Messages, outcome.Storage);
}
