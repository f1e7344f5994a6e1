using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.ServiceDefaults.Batching;
using Wolverine.Runtime;

namespace Payment.Api.Payments;

/// <summary>
/// Payment's commands from <c>payments-commands</c> (capture, refund), a polled batch in one transaction where
/// Wolverine's listener ran an inbox entry and a transaction per record (docs/performance.md, step 8).
/// <para>
/// Idempotent without the inbox (docs/architecture.md §5), by state: a capture decides only while the order has no payment
/// (a new payment is inserted, so a racing copy fails on the primary key and the batch is applied again), a refund
/// only while the payment is captured (or, with no payment yet, once: it voids the payment); a command read again
/// decides and sends nothing.
/// </para>
/// </summary>
public sealed class PaymentCommandsBatch(IDocumentStore store, IWolverineRuntime runtime, IOptions<PaymentSettings> settings)
    : CommandBatch<Payment>(store, runtime)
{
    public override string Topic => Topics.PaymentsCommands;

    protected override Guid OrderIdOf(Payment payment) => payment.OrderId;

    protected override (Payment? Document, IEnumerable<object> Messages) Decide(object command, Payment? existing)
    {
        var decision = command switch
        {
            CapturePayment capture => PaymentDecider.Decide(capture, existing, settings.Value.DeclineAbove, Guid.CreateVersion7()),
            RefundPayment refund => PaymentDecider.Decide(refund, existing),
            _ => throw new UnreadableRecordException($"{command.GetType().Name} is not a payment command"),
        };
        return (decision.Payment, decision.Events);
    }
}
