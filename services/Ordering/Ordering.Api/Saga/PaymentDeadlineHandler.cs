using Marten;
using Microsoft.Extensions.Options;
using Ordering.Api.Orders;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>The payment deadline passed: an order still waiting for Payment is cancelled; any other order ignores it.</summary>
public static class PaymentDeadlineHandler
{
    public static Task<Order?> LoadAsync(PaymentDeadline deadline, IDocumentSession session) => session.LoadAsync<Order>(deadline.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(PaymentDeadline deadline, Order? order, IOptions<SagaSettings> settings)
    {
        var outcome = OrderWorkflow.Run(new RecordPaymentTimedOut(deadline.OrderId, settings.Value.PaymentTimeout), order);
        return (outcome.Messages, outcome.Storage);
    }
}
