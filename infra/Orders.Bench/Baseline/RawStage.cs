using System.Text;
using Confluent.Kafka;
using Npgsql;
using NpgsqlTypes;
using Orders.Bench.Monitoring;
using Orders.ServiceDefaults.Batching;

namespace Orders.Bench.Baseline;

/// <summary>A record on its way: key (order id), wire type, JSON body.</summary>
public sealed record RawMessage(Guid OrderId, string WireType, byte[] Body);

/// <summary>How a stage remembers what it has applied: an id-only inbox row, or the fact's whole history row (topic, position, time, type, body).</summary>
public enum Dedup { Inbox, History }

/// <summary>
/// One consumer of the raw pipeline, doing per batch what a suite listener does per message, with the same durability:
/// read the batch's state rows, then in one transaction insert an inbox row per record (deduplication) and upsert the
/// state rows; then produce what it decides (idempotent, acks=all) and wait for the acks; then commit the offsets.
/// A stage standing for one of Ordering's listeners keeps the audit log as Ordering does: its dedup row is the fact
/// itself (<see cref="Dedup.History"/>), as Ordering's history row is both its dedup record and the audit log.
/// </summary>
public sealed class RawStage(string name, RawKafka kafka, string topic, string table, NpgsqlDataSource database, Dedup dedup,
    Func<RawMessage, IEnumerable<(string Topic, RawMessage Message)>> decide, Action<RawMessage>? applied = null)
{
    /// <summary>The suite's batched listeners' cap (step 29): with 500 the projection stage fell behind here too.</summary>
    private const int MaxBatch = BatchedListener<IBatchHandler>.DefaultBatchSize;

    private readonly Dictionary<int, long> _nextOffsets = [];
    private long _skipped;

    public string Name => name;

    /// <summary>Its consumer group on its topic, for the lag the bench samples as it does the services' groups.</summary>
    public WatchedGroup Group => new("baseline", $"baseline-{name}", topic);

    /// <summary>
    /// Records this stage never read: the embedded broker keeps about 5 MB per partition, and a consumer that falls
    /// further behind than that is reset to the oldest record left (offsets of these topics are contiguous, so a gap is
    /// a loss). A stage that skipped did less than the work it stands for, so the rate was not one it sustained.
    /// </summary>
    public long SkippedRecords => Interlocked.Read(ref _skipped);

    public Thread Start(CancellationToken stop, CountdownEvent assigned)
    {
        var thread = new Thread(() => Run(stop, assigned)) { IsBackground = true, Name = $"baseline-{name}" };
        thread.Start();
        return thread;
    }

    private void Run(CancellationToken stop, CountdownEvent assigned)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.Bootstrap,
            GroupId = Group.Group,
            FetchWaitMaxMs = kafka.FetchWaitMaxMsFor(topic),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        using var producer = RawProducer.Build(kafka.Bootstrap);
        consumer.Subscribe(topic);
        var signalled = false;
        var batch = new List<ConsumeResult<string, byte[]>>(MaxBatch);
        while (!stop.IsCancellationRequested)
        {
            batch.Clear();
            var first = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (!signalled && consumer.Assignment.Count > 0) { assigned.Signal(); signalled = true; }
            if (first is null) continue;
            batch.Add(first);
            while (batch.Count < MaxBatch && consumer.Consume(TimeSpan.Zero) is { } next) batch.Add(next);
            CountGaps(batch);

            var messages = batch.Select(r => new RawMessage(Guid.Parse(r.Message.Key), Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("message-type")), r.Message.Value)).ToList();
            Store(messages, batch);
            foreach (var message in messages)
                foreach (var (outTopic, output) in decide(message))
                    RawProducer.Produce(producer, outTopic, output);
            producer.Flush(TimeSpan.FromSeconds(30));
            consumer.Commit(batch.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
            if (applied is not null) foreach (var message in messages) applied(message);
        }
        consumer.Close();
    }

    private void CountGaps(IEnumerable<ConsumeResult<string, byte[]>> batch) =>
        Interlocked.Add(ref _skipped, OffsetGaps.Count(_nextOffsets, batch.Select(r => (r.Partition.Value, r.Offset.Value))));

    private void Store(IReadOnlyList<RawMessage> messages, IReadOnlyList<ConsumeResult<string, byte[]>> records)
    {
        var envelopeIds = records.Select(r => Guid.Parse(Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("id")))).ToArray();
        var latest = messages.GroupBy(m => m.OrderId).Select(g => g.Last()).ToList();
        var ids = latest.Select(m => m.OrderId).ToArray();
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var read = new NpgsqlCommand($"select id, data from {table} where id = any(@ids)", connection, transaction))
        {
            read.Parameters.AddWithValue("ids", ids);
            using var reader = read.ExecuteReader();
            while (reader.Read()) { }
        }
        if (dedup == Dedup.History) AppendHistory(connection, transaction, messages, records, envelopeIds);
        else
        {
            using var inbox = new NpgsqlCommand("insert into inbox (id, received_by) select unnest(@ids), @by on conflict do nothing", connection, transaction);
            inbox.Parameters.AddWithValue("ids", envelopeIds);
            inbox.Parameters.AddWithValue("by", name);
            inbox.ExecuteNonQuery();
        }
        using (var upsert = new NpgsqlCommand($"insert into {table} (id, data) select * from unnest(@ids, @data) on conflict (id) do update set data = excluded.data", connection, transaction))
        {
            upsert.Parameters.AddWithValue("ids", ids);
            upsert.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = latest.Select(m => Encoding.UTF8.GetString(m.Body)).ToArray() });
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>
    /// One row per fact, as Ordering's history table keeps it but narrower still (no correlation, causation or upcast
    /// type): the columns a history read filters or orders by, and the body as text.
    /// </summary>
    private static void AppendHistory(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RawMessage> messages,
        IReadOnlyList<ConsumeResult<string, byte[]>> records, Guid[] envelopeIds)
    {
        using var history = new NpgsqlCommand(
            "insert into history (id, order_id, topic, partition, \"offset\", sent_at, message_type, body) " +
            "select * from unnest(@ids, @orders, @topics, @partitions, @offsets, @sentAt, @types, @bodies) on conflict (id) do nothing", connection, transaction);
        history.Parameters.AddWithValue("ids", envelopeIds);
        history.Parameters.AddWithValue("orders", messages.Select(m => m.OrderId).ToArray());
        history.Parameters.AddWithValue("topics", records.Select(r => r.Topic).ToArray());
        history.Parameters.AddWithValue("partitions", records.Select(r => r.Partition.Value).ToArray());
        history.Parameters.AddWithValue("offsets", records.Select(r => r.Offset.Value).ToArray());
        history.Parameters.AddWithValue("sentAt", records.Select(r => r.Message.Timestamp.UtcDateTime).ToArray());
        history.Parameters.AddWithValue("types", messages.Select(m => m.WireType).ToArray());
        history.Parameters.AddWithValue("bodies", messages.Select(m => Encoding.UTF8.GetString(m.Body)).ToArray());
        history.ExecuteNonQuery();
    }
}

/// <summary>Offsets a consumer passed over: records of these topics have contiguous offsets, so a gap is a loss.</summary>
public static class OffsetGaps
{
    /// <summary>How many offsets <paramref name="records"/> skip, each partition's next expected offset kept in <paramref name="nextOffsets"/>.</summary>
    public static long Count(IDictionary<int, long> nextOffsets, IEnumerable<(int Partition, long Offset)> records)
    {
        long skipped = 0;
        foreach (var (partition, offset) in records)
        {
            if (nextOffsets.TryGetValue(partition, out var expected) && offset > expected) skipped += offset - expected;
            nextOffsets[partition] = offset + 1;
        }
        return skipped;
    }
}

public static class RawProducer
{
    /// <summary>The suite's producer settings (OrdersMessagingExtensions): idempotent, acks=all, linger 2 ms.</summary>
    public static IProducer<string, byte[]> Build(string bootstrap) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 2 }).Build();

    public static void Produce(IProducer<string, byte[]> producer, string topic, RawMessage message) =>
        producer.Produce(topic, new Message<string, byte[]>
        {
            Key = message.OrderId.ToString(),
            Value = message.Body,
            Headers = new Headers
            {
                { "id", Encoding.UTF8.GetBytes(Guid.CreateVersion7().ToString()) },
                { "message-type", Encoding.UTF8.GetBytes(message.WireType) },
                { "content-type", "application/json"u8.ToArray() },
            },
        }, report => { if (report.Error.IsError) throw new KafkaException(report.Error); });
}
