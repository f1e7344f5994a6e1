using System.Globalization;
using Orders.ServiceDefaults.Kafka;
using Wolverine;
using Wolverine.Transports;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// A batched listener's record as a Wolverine dead letter, and back: the two mappings are each other's inverse, so a
/// parked record, listed by the admin API and replayed, is handled again exactly as it was read from the log.
/// </summary>
public static class DeadLetterRecord
{
    /// <summary>The address a batched listener's dead letters are filed under, as Wolverine's Kafka listener would file them.</summary>
    public static Uri AddressOf(string topic) => new($"kafka://topic/{topic}");

    /// <summary>The record as Wolverine's Kafka listener would have received it: its id, type, body and headers as written.</summary>
    public static Envelope EnvelopeOf(LogRecord record)
    {
        var envelope = new Envelope
        {
            Id = record.EventId ?? Guid.NewGuid(), // no id header: a fresh one, so the dead letter can still be listed and discarded
            MessageType = record.MessageType ?? "(none)",
            Data = record.Value ?? [],
            ContentType = "application/json",
            Destination = AddressOf(record.Topic), // where a replay finds its way back (ReplayedDeadLetters)
            PartitionKey = record.Key,
            TopicName = record.Topic,
            PartitionId = record.Partition,
            Offset = record.Offset,
            SentAt = record.SentAt,
            CorrelationId = record.CorrelationId,
            // Wolverine stores these as the envelope's fields, not as headers: a header of the same name is lost.
            ConversationId = record.CausationId ?? Guid.Empty,
            ParentId = record.Headers.GetValueOrDefault("parent-id"),
        };
        foreach (var (key, value) in record.Headers) envelope.Headers.TryAdd(key, value);
        return envelope;
    }

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
