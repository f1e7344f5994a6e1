using Marten;
using Orders.ServiceDefaults.Telemetry;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Wolverine's durable outbox enrolled in a Marten session (messages stored in the session's transaction, sent after
/// its commit), for a batch of records handled outside a Wolverine handler: each record's messages are published in
/// that record's trace, correlation and conversation, as Wolverine stamps a handler's cascaded messages.
/// </summary>
public sealed class CausedOutbox(IWolverineRuntime runtime, IDocumentSession session) : MartenOutbox(runtime, session)
{
    /// <summary>
    /// Publishes what handling <paramref name="record"/> decided (a message that says how it is sent, such as a
    /// <c>DelayedFor</c> one, is applied by Wolverine's <c>PublishAsync</c> as a handler's cascaded one would be).
    /// </summary>
    public async Task PublishCausedByAsync(DecodedRecord record, IEnumerable<object> messages)
    {
        using var span = OrdersTracing.Handling(record.Record); // what it sends stays in the trace of the request behind the record
        // The same rules as Wolverine's MessageContext: the record's correlation (none if it had none, never the previous
        // record's), and its conversation, or the record itself if it began one.
        CorrelationId = record.Record.CorrelationId;
        ConversationId = record.Record.CausationId ?? record.EventId;
        foreach (var message in messages) await PublishAsync(message);
    }
}
