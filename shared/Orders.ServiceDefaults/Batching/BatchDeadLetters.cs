using Microsoft.Extensions.Logging;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Telemetry;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Keeps a record a batched listener could not apply in the service's dead-letter table, beside the ones Wolverine's own
/// listeners put there, so one admin API (<c>/admin/dead-letters</c>), one readiness count and one gauge cover both.
/// Stamped as Wolverine stamps its own: the exception, and where in the log the record is (topic, partition, offset).
/// </summary>
public sealed class BatchDeadLetters(IWolverineRuntime runtime, ILogger<BatchDeadLetters> logger)
{
    /// <summary>Stores it, waiting out a database that is away: a record is never dropped because it could not be parked.</summary>
    public async Task StoreAsync(LogRecord record, Exception reason, string service, CancellationToken cancellation)
    {
        var envelope = EnvelopeOf(record);
        DeadLetterQueueConstants.StampFailureMetadata(envelope, reason);
        logger.LogWarning("Record {Topic}/{Partition}@{Offset} ({MessageType}, id {EnvelopeId}) goes to the dead letters: {Reason}",
            record.Topic, record.Partition, record.Offset, record.MessageType, envelope.Id, reason.Message);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await runtime.Storage.Inbox.MoveToDeadLetterStorageAsync(envelope, reason);
                OrdersMetrics.ProjectionDeadLetters.Add(1, new KeyValuePair<string, object?>("topic", record.Topic));
                return;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                logger.LogWarning("Dead letter {EnvelopeId} of {Service} not stored yet ({Reason}); retry {Attempt}", envelope.Id, service, e.Message, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellation);
            }
        }
    }

    /// <summary>The record as Wolverine's Kafka listener would have received it: its id, type, body and headers as written.</summary>
    private static Envelope EnvelopeOf(LogRecord record)
    {
        var envelope = new Envelope
        {
            Id = record.EventId ?? Guid.NewGuid(), // no id header: a fresh one, so the dead letter can still be listed and discarded
            MessageType = record.MessageType ?? "(none)",
            Data = record.Value ?? [],
            ContentType = "application/json",
            Destination = ReplayedDeadLetters.AddressOf(record.Topic), // where a replay finds its way back (ReplayedDeadLetters)
            PartitionKey = record.Key,
            TopicName = record.Topic,
            PartitionId = record.Partition,
            Offset = record.Offset,
            SentAt = record.SentAt,
            CorrelationId = record.CorrelationId,
        };
        foreach (var (key, value) in record.Headers) envelope.Headers.TryAdd(key, value);
        return envelope;
    }
}
