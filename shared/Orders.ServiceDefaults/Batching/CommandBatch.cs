using Marten;
using Orders.Contracts;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// A service's commands about orders, a polled batch in one transaction (<see cref="BatchedListener{THandler}"/>), each
/// decided on the service's one document per order (a payment, a shipment, the order itself for the saga's answers) as
/// the batch has left it: the documents
/// loaded in one query, each changed one written once (<see cref="DocumentsByOrder{T}"/>), and the messages each command
/// decides published through Wolverine's durable outbox in the same transaction, in the trace and conversation of the
/// record behind them (<see cref="CausedOutbox"/>), sent after the commit.
/// <para>
/// Idempotent without an inbox (docs/architecture.md §5) when <see cref="Decide"/> is: a command read again (a crash before the
/// offsets were committed, a rewound group, a producer's retry) must find the document in a state where it decides
/// nothing.
/// </para>
/// </summary>
public abstract class CommandBatch<TDocument>(IDocumentStore store, IWolverineRuntime runtime) : IBatchHandler where TDocument : class
{
    public abstract string Topic { get; }

    /// <summary>The order a document belongs to (its id).</summary>
    protected abstract Guid OrderIdOf(TDocument document);

    /// <summary>What one command decides on its order's document: the document to write (null: nothing) and what to send.</summary>
    protected abstract (TDocument? Document, IEnumerable<object> Messages) Decide(object command, TDocument? existing);

    /// <summary>What the batch keeps of the records it reads, whatever is decided (nothing by default; the saga: the orders' history).</summary>
    protected virtual void Keep(IDocumentSession session, IReadOnlyList<(DecodedRecord Record, IOrderMessage Message)> batch)
    {
    }

    public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var outbox = new CausedOutbox(runtime, session);
        var commands = batch.Select(r => (Record: r, Message: r.AboutOrder())).ToList();
        var documents = await DocumentsByOrder<TDocument>.LoadAsync(session, commands.Select(c => c.Message.OrderId), OrderIdOf, cancellation);
        Keep(session, commands);

        foreach (var (record, message) in commands)
        {
            var (document, messages) = Decide(record.Message, documents.Find(message.OrderId));
            if (document is null) continue; // a repeat, or too late to change anything
            documents.Change(message.OrderId, document);
            await outbox.PublishCausedByAsync(record, messages);
        }

        documents.WriteChanges(session); // once per order; optimistic concurrency makes a racing writer retry the batch
        await session.SaveChangesAsync(cancellation);
    }
}
