using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.ServiceDefaults.Batching;
using Wolverine.Runtime;

namespace Payment.Api.Payments;

/// <summary>
/// Payment's commands from <c>payments-commands</c> (capture, refund), a polled batch in one transaction
/// (<see cref="BatchedListener{THandler}"/>) where Wolverine's listener ran an inbox entry and a transaction per record
/// (docs/performance.md, step 8). Each command runs through <see cref="PaymentDecider"/> on the payment as the batch
/// left it; each changed payment is written once; the facts decided go out through Wolverine's durable outbox in the
/// same transaction, sent after its commit.
/// <para>
/// Idempotent without the inbox (ARCHITECTURE §5), by state: a capture decides only while the order has no payment
/// (a new payment is inserted, so a racing copy fails on the primary key), a refund only while the payment is captured;
/// a command read again (a crash before the offsets were committed, a rewound group, a producer's retry) decides and
/// sends nothing.
/// </para>
/// </summary>
public sealed class PaymentCommandsBatch(IDocumentStore store, IWolverineRuntime runtime, IOptions<PaymentSettings> settings) : IBatchHandler
{
    public string Topic => Topics.PaymentsCommands;

    public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var outbox = new CausedOutbox(runtime, session);
        var payments = await DocumentsByOrder<Payment>.LoadAsync(session, batch.Select(OrderIdOf), p => p.OrderId, cancellation);

        foreach (var record in batch)
        {
            var orderId = OrderIdOf(record);
            var decision = Decide(record.Message, payments.Find(orderId));
            if (decision.Payment is null) continue; // a repeat, or nothing to give back
            payments.Change(orderId, decision.Payment);
            await outbox.PublishCausedByAsync(record, decision.Events);
        }

        payments.WriteChanges(session);
        await session.SaveChangesAsync(cancellation);
    }

    private PaymentDecision Decide(object command, Payment? existing) => command switch
    {
        CapturePayment capture => PaymentDecider.Decide(capture, existing, settings.Value.DeclineAbove, Guid.CreateVersion7()),
        RefundPayment refund => PaymentDecider.Decide(refund, existing),
        _ => throw new UnreadableRecordException($"{command.GetType().Name} is not a payment command"),
    };

    private static Guid OrderIdOf(DecodedRecord record) =>
        (record.Message as IOrderMessage ?? throw new UnreadableRecordException($"{record.CurrentType} is not about an order")).OrderId;
}
