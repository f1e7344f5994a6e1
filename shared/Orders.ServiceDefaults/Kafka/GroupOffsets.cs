using Confluent.Kafka;

namespace Orders.ServiceDefaults.Kafka;

/// <summary>
/// Reads consumer groups' committed offsets, and partitions' watermarks, through a plain consumer per group that never
/// subscribes (so it joins nothing), never through the admin client's group-offset and list-offset requests: those can
/// abort the whole process when they time out while brokers come and go (librdkafka 2.16 asserts in
/// <c>rd_kafka_enq_once_del_source_return</c>, confluentinc/librdkafka#4605; <c>make chaos</c> saw Payment die of it).
/// The readiness check, <c>make chaos</c>'s quiet check, <c>make bench</c>'s lag monitor and the tests read groups
/// this one way. One caller at a time.
/// </summary>
public sealed class GroupOffsets(KafkaSettings kafka, TimeSpan requestTimeout) : IDisposable
{
    private readonly Dictionary<string, IConsumer<Ignore, Ignore>> _readers = [];

    public GroupOffsets(string bootstrapServers, TimeSpan requestTimeout)
        : this(new KafkaSettings { BootstrapServers = bootstrapServers }, requestTimeout)
    {
    }

    /// <summary>The group's committed offset on each partition; negative (Kafka's "no offset") where it has committed nothing.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Committed(string group, IReadOnlyCollection<TopicPartition> partitions)
    {
        var reader = Reader(group);
        try
        {
            return reader.Committed(partitions, requestTimeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        }
        finally
        {
            DiscardQueuedErrors(reader);
        }
    }

    /// <summary>Records of these partitions the group has not committed past (<see cref="ConsumerLag.OfPartition"/>).</summary>
    public long Lag(string group, IReadOnlyCollection<TopicPartition> partitions)
    {
        if (partitions.Count == 0) return 0;
        var committed = Committed(group, partitions);
        var reader = Reader(group);
        try
        {
            return partitions.Sum(p =>
            {
                var marks = reader.QueryWatermarkOffsets(p, requestTimeout);
                return ConsumerLag.OfPartition(committed.GetValueOrDefault(p, Offset.Unset.Value), marks.Low.Value, marks.High.Value);
            });
        }
        finally
        {
            DiscardQueuedErrors(reader);
        }
    }

    /// <summary>
    /// A reader is never polled for records, but librdkafka queues its connection errors (a broker outage) for the
    /// application: served here, so they do not pile up. Callers learn of an outage from the requests that fail.
    /// </summary>
    private static void DiscardQueuedErrors(IConsumer<Ignore, Ignore> reader)
    {
        for (var served = 0; served < 1000; served++)
        {
            try
            {
                if (reader.Consume(TimeSpan.Zero) is null) return;
            }
            catch (ConsumeException)
            {
                // one queued error served
            }
        }
    }

    private IConsumer<Ignore, Ignore> Reader(string group)
    {
        if (_readers.TryGetValue(group, out var reader)) return reader;
        var timeoutMs = (int)Math.Max(1000, requestTimeout.TotalMilliseconds);
        var config = new ConsumerConfig { GroupId = group, EnableAutoCommit = false, SocketTimeoutMs = timeoutMs };
        kafka.ApplyTo(config);
        return _readers[group] = new ConsumerBuilder<Ignore, Ignore>(config).Build();
    }

    public void Dispose()
    {
        foreach (var reader in _readers.Values) reader.Dispose();
        _readers.Clear();
    }
}
