using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Projections;

/// <summary>A log record read as the live listeners read it: its event id, the current contract type and body after any upcast.</summary>
public sealed record ProjectedRecord(LogRecord Record, Guid EventId, object Message, string CurrentType, byte[] Body);

/// <summary>
/// A read model fed a polled batch of one topic's records at a time by <see cref="BatchedProjectionListener{TProjection}"/>.
/// </summary>
public interface IBatchProjection
{
    /// <summary>The topic it reads, with the service's consumer group for that topic.</summary>
    string Topic { get; }

    /// <summary>
    /// Applies the records in one transaction, or none of them (throw). Each partition's records come in offset order,
    /// so each order's do. The same record may come again (a crash before the offsets were committed, a rewound group,
    /// a producer's retry): applying it twice must change nothing (ARCHITECTURE §5), which the projection guarantees by
    /// remembering event ids in the documents it writes, in the same transaction.
    /// </summary>
    Task ProjectAsync(IReadOnlyList<ProjectedRecord> batch, CancellationToken cancellation);
}
