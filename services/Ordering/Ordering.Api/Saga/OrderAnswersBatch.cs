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
/// Idempotent without the inbox (docs/architecture.md §5): an answer changes an order only in the state it answers (Payment's
/// while the order is placed, Shipping's while it is paid), a state the order then leaves for good, so an answer read
/// again (a crash before the offsets were committed, a rewound group, a producer's retry) decides nothing and sends
/// nothing; its history entry's id is its event id, so it is not written twice. A command or erasure racing the batch on the
/// same order fails the commit (optimistic concurrency) and the listener applies the whole batch again.
/// </para>
/// </summary>
public abstract class OrderAnswersBatch(IDocumentStore store, IWolverineRuntime runtime) : CommandBatch<Order>(store, runtime)
{
    protected override Guid OrderIdOf(Order order) => order.Id;

    /// <summary>Every fact goes into its order's history, whatever it changes.</summary>
    protected override void Keep(IDocumentSession session, IReadOnlyList<(DecodedRecord Record, IOrderMessage Message)> batch) =>
        OrderHistoryWrites.Append(session, batch.Select(fact => OrderHistoryEntry.From(fact.Record, fact.Message)));

    protected override (Order? Document, IEnumerable<object> Messages) Decide(object fact, Order? order)
    {
        if (OrderAnswers.From((IOrderMessage)fact) is not { } answer) return (null, []); // a fact the order does not answer
        var outcome = OrderWorkflow.Run(answer, order);
        if (outcome.Changed) return (outcome.Order, outcome.Messages);
        // A repeated or late answer: the order already moved on (or was never created here).
        OrdersMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("projection", "OrderSaga"));
        return (null, []);
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
