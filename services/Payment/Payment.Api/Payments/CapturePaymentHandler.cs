using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Payment.Api.Payments;

public static class CapturePaymentHandler
{
    public static Task<Payment?> LoadAsync(CapturePayment command, IDocumentSession session) => session.LoadAsync<Payment>(command.OrderId);

    /// <summary>
    /// Captures or declines once per order. A new payment is inserted, never upserted: if two deliveries of the
    /// same command race past the load, the primary key rejects the second transaction and its retry sees the first.
    /// </summary>
    public static (OutgoingMessages, IMartenOp) Handle(CapturePayment command, Payment? existing, IOptions<PaymentSettings> settings)
    {
        var decision = PaymentDecider.Decide(command, existing, settings.Value.DeclineAbove, Guid.CreateVersion7());
        return decision.Payment is null
            ? ([], MartenOps.Nothing())
            : ([.. decision.Events], MartenOps.Insert(decision.Payment));
    }
}
