using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Batching;

/// <summary>A log record read as Wolverine's listeners read it: its event id, the current contract type and body after any upcast.</summary>
public sealed record DecodedRecord(LogRecord Record, Guid EventId, object Message, string CurrentType, byte[] Body)
{
    /// <summary>The message as a fact or command about one order; one that is not cannot be applied (it becomes a dead letter).</summary>
    public IOrderMessage AboutOrder() => Message as IOrderMessage ?? throw new UnreadableRecordException($"{CurrentType} is not about an order");
}

/// <summary>
/// What a service does with a polled batch of one topic's records (a read model, a saga step), fed by
/// <see cref="BatchedListener{THandler}"/>.
/// </summary>
public interface IBatchHandler
{
    /// <summary>The topic it reads, with the service's consumer group for that topic.</summary>
    string Topic { get; }

    /// <summary>
    /// Applies the records in one transaction, or none of them (throw). Each partition's records come in offset order,
    /// so each order's do. The same record may come again (a crash before the offsets were committed, a rewound group,
    /// a producer's retry): applying it twice must change nothing (docs/architecture.md §5), which the handler guarantees in the
    /// same transaction (by event ids remembered in the documents it writes, or by state a repeat cannot change again).
    /// </summary>
    Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation);
}
