using Microsoft.Extensions.Logging;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Telemetry;
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
    /// <summary>
    /// Stores it, waiting out a database that is away (and a racing writer): a record is never dropped because it could
    /// not be parked. Any other failure (a bug, a constraint) is the listener's: it restarts, not ready meanwhile, and
    /// reads the record again, where retrying here for ever would have blocked it with readiness still green.
    /// </summary>
    public async Task StoreAsync(LogRecord record, Exception reason, string service, CancellationToken cancellation)
    {
        var envelope = DeadLetterRecord.EnvelopeOf(record);
        DeadLetterQueueConstants.StampFailureMetadata(envelope, reason);
        logger.LogWarning("Record {Topic}/{Partition}@{Offset} ({MessageType}, id {EnvelopeId}) goes to the dead letters: {Reason}",
            record.Topic, record.Partition, record.Offset, record.MessageType, envelope.Id, reason.Message);
        var retries = new ApplyRetries();
        await retries.RunAsync(() => runtime.Storage.Inbox.MoveToDeadLetterStorageAsync(envelope, reason),
            e => logger.LogWarning("Dead letter {EnvelopeId} of {Service} not stored yet ({Reason}); retry {Attempt}", envelope.Id, service, e.Message, retries.Attempts),
            cancellation);
        OrdersMetrics.ProjectionDeadLetters.Add(1, new KeyValuePair<string, object?>("topic", record.Topic));
    }
}
