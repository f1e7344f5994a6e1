using Marten;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Payment.Api.Payments;

public static class RefundPaymentHandler
{
    public static Task<Payment?> LoadAsync(RefundPayment command, IDocumentSession session) => session.LoadAsync<Payment>(command.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(RefundPayment command, Payment? existing)
    {
        var decision = PaymentDecider.Decide(command, existing);
        return decision.Payment is null
            ? ([], MartenOps.Nothing())
            : ([.. decision.Events], MartenOps.Store(decision.Payment));
    }
}
