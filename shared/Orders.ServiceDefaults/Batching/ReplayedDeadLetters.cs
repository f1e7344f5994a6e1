using System.Globalization;
using Orders.ServiceDefaults.Kafka;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Hands the dead letters of a batched listener back to it when an operator replays them through the admin API
/// (<c>POST /admin/dead-letters/replay</c>). Wolverine moves a replayed dead letter into its inbox, addressed to the
/// topic it came from, and hands it to the listener at that address; for a topic read by a batched listener there is
/// no such Wolverine listener and the message would wait in the inbox for ever, so the batched listener claims it.
/// </summary>
public sealed class ReplayedDeadLetters(IWolverineRuntime runtime)
{
    /// <summary>The address a batched listener's dead letters are filed under, as Wolverine's Kafka listener would file them.</summary>
    public static Uri AddressOf(string topic) => new($"kafka://topic/{topic}");

    /// <summary>Replayed dead letters of the topic, claimed for this node (none, most of the time: one query).</summary>
    public async Task<IReadOnlyList<Envelope>> ClaimAsync(string topic, int limit)
    {
        var waiting = await runtime.Storage.LoadPageOfGloballyOwnedIncomingAsync(AddressOf(topic), limit);
        return waiting.Count == 0 ? [] : await runtime.Storage.TryClaimIncomingAsync(runtime.DurabilitySettings.AssignedNodeNumber, waiting);
    }

    /// <summary>Applied (or parked again as a dead letter): done with.</summary>
    public Task DoneAsync(IReadOnlyList<Envelope> replayed) => runtime.Storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(replayed);

    /// <summary>The record again, as it was read from the log: Wolverine kept its body, headers and coordinates in the dead letter.</summary>
    public static LogRecord RecordOf(Envelope envelope, string topic)
    {
        var headers = envelope.Headers.Where(h => h.Value is not null).ToDictionary(h => h.Key, h => h.Value!);
        // The envelope's own fields travel outside its header dictionary when Wolverine stores it.
        headers["id"] = envelope.Id.ToString();
        if (envelope.MessageType is { } type) headers["message-type"] = type;
        if (envelope.CorrelationId is { } correlation) headers["correlation-id"] = correlation;
        if (envelope.ConversationId != Guid.Empty) headers["conversation-id"] = envelope.ConversationId.ToString();
        if (envelope.ParentId is { } parent) headers["parent-id"] = parent;
        headers["sent-at"] = envelope.SentAt.ToString("O", CultureInfo.InvariantCulture);
        var partition = int.TryParse(headers.GetValueOrDefault(DeadLetterQueueConstants.OriginalPartitionHeader), CultureInfo.InvariantCulture, out var p) ? p : -1;
        var offset = long.TryParse(headers.GetValueOrDefault(DeadLetterQueueConstants.OriginalOffsetHeader), CultureInfo.InvariantCulture, out var o) ? o : -1;
        return new LogRecord(topic, partition, offset, envelope.SentAt, envelope.PartitionKey, headers, envelope.Data);
    }
}
