using Marten;
using Orders.ServiceDefaults.Kafka;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Ordering.Api.Saga;

/// <summary>
/// Wolverine's durable outbox enrolled in a Marten session (messages stored in the session's transaction, sent after
/// its commit), for a batch of records handled outside a Wolverine handler: before each record's messages are
/// published it takes that record's correlation and conversation, as Wolverine stamps a handler's cascaded messages.
/// </summary>
internal sealed class CausedOutbox(IWolverineRuntime runtime, IDocumentSession session) : MartenOutbox(runtime, session)
{
    public void CausedBy(LogRecord record, Guid eventId)
    {
        // The same rules as Wolverine's MessageContext: the record's correlation (none if it had none, never the previous
        // record's), and its conversation, or the record itself if it began one.
        CorrelationId = record.CorrelationId;
        ConversationId = record.CausationId ?? eventId;
    }
}
