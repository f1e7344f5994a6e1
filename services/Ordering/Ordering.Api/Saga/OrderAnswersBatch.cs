using Marten;
using Ordering.Api.Orders;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Telemetry;
using Wolverine.Runtime;

namespace Ordering.Api.Saga;

/// <summary>
/// The saga's step for the answers from Payment or Shipping, a polled batch of one topic at a time in one transaction
/// (<see cref="BatchedListener{THandler}"/>), where Wolverine's listener ran one inbox entry and one
/// transaction per record (make bench: docs/performance.md, step 6). Each answer runs through the order's rules in log
/// order; each changed order is stored once; every fact goes into the order's history; the messages the steps trigger
/// are stored by Wolverine's durable outbox in the same transaction and sent after its commit.
/// <para>
/// Idempotent without the inbox (ARCHITECTURE §5): an answer changes an order only in the state it answers (Payment's
/// while the order is placed, Shipping's while it is paid), a state the order then leaves for good, so an answer read
/// again (a crash before the offsets were committed, a rewound group, a producer's retry) decides nothing and sends
/// nothing; its history entry's id is its event id, so it overwrites itself. A command or erasure racing the batch on the
/// same order fails the commit (optimistic concurrency) and the listener applies the whole batch again.
/// </para>
/// </summary>
public abstract class OrderAnswersBatch(IDocumentStore store, IWolverineRuntime runtime) : IBatchHandler
{
    public abstract string Topic { get; }

    public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var outbox = new CausedOutbox(runtime, session);
        var facts = batch.Select(r => (Record: r, Fact: r.AboutOrder())).ToList();
        var orders = await DocumentsByOrder<Order>.LoadAsync(session, facts.Select(f => f.Fact.OrderId), o => o.Id, cancellation);

        foreach (var (record, fact) in facts)
        {
            session.Store(OrderHistoryEntry.From(record, fact));
            if (OrderAnswers.From(fact) is not { } answer) continue;
            var outcome = OrderWorkflow.Run(answer, orders.Find(fact.OrderId));
            if (!outcome.Changed)
            {
                // A repeated or late answer: the order already moved on (or was never created here).
                OrdersMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("projection", "OrderSaga"));
                continue;
            }
            orders.Change(fact.OrderId, outcome.Order!);
            await outbox.PublishCausedByAsync(record, outcome.Messages);
        }

        orders.WriteChanges(session); // once per order; optimistic concurrency makes a racing writer retry the batch
        await session.SaveChangesAsync(cancellation);
    }
}

/// <summary>Payment's answers on payments-events: paid, declined, refunded.</summary>
public sealed class PaymentAnswers(IDocumentStore store, IWolverineRuntime runtime) : OrderAnswersBatch(store, runtime)
{
    public override string Topic => Topics.PaymentsEvents;
}

/// <summary>Shipping's answers on shipping-events: dispatched, cancelled, failed.</summary>
public sealed class ShippingAnswers(IDocumentStore store, IWolverineRuntime runtime) : OrderAnswersBatch(store, runtime)
{
    public override string Topic => Topics.ShippingEvents;
}
