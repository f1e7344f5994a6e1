using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Orders.ServiceDefaults.Kafka;

/// <summary>A record as it sits in the log, with the Wolverine envelope headers that identify it.</summary>
public sealed record LogRecord(string Topic, int Partition, long Offset, DateTimeOffset KafkaTimestamp, string? Key, IReadOnlyDictionary<string, string> Headers, byte[]? Value)
{
    public string? MessageType => Headers.GetValueOrDefault("message-type");
    public Guid? EventId => Guid.TryParse(Headers.GetValueOrDefault("id"), out var id) ? id : null;
    public string? CorrelationId => Headers.GetValueOrDefault("correlation-id");
    public Guid? CausationId => Guid.TryParse(Headers.GetValueOrDefault("conversation-id"), out var id) && id != Guid.Empty ? id : null;

    /// <summary>When the producer sent it: Wolverine's <c>sent-at</c> header (either format it writes), else the Kafka timestamp.</summary>
    public DateTimeOffset SentAt =>
        Headers.GetValueOrDefault("sent-at") is { } text &&
        (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss:ffffff Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ||
         DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            ? at
            : KafkaTimestamp;

    /// <summary>A consumed record with its headers as text (<see cref="HeadersAsText"/>).</summary>
    public static LogRecord From(ConsumeResult<string?, byte[]?> result) =>
        new(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UtcDateTime, result.Message.Key,
            HeadersAsText(result.Message.Headers), result.Message.Value);

    /// <summary>A record's headers as UTF-8 text: the last value of a repeated header wins, a header without a value is "".</summary>
    public static Dictionary<string, string> HeadersAsText(Headers? headers)
    {
        // A plain loop: every record of every listener passes here, and grouping the headers first was 1.6% of Ordering's
        // allocations (docs/performance.md, step 15).
        var text = new Dictionary<string, string>(headers?.Count ?? 0);
        if (headers is not null)
            foreach (var header in headers) text[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
        return text;
    }
}

/// <summary>
/// Reads topics from their first retained offset up to the end seen when reading starts (the "cut"), each
/// partition in offset order, by partition assignment: no consumer group joins, no offset is committed.
/// </summary>
public sealed class KafkaLog(KafkaSettings settings)
{
    public sealed record Cut(IReadOnlyDictionary<TopicPartition, long> End)
    {
        /// <summary>
        /// The cut split by partition number: one cut per number, holding that partition of every topic. Producers key
        /// every order's messages by its id, so with equal partition counts one order's records sit under one number in
        /// every topic and each piece can be folded alone. Null when the topics' partition counts differ (a key then maps
        /// to different numbers).
        /// </summary>
        public IReadOnlyList<Cut>? ByPartitionNumber()
        {
            var counts = End.Keys.GroupBy(p => p.Topic).Select(topic => topic.Count()).Distinct().ToList();
            if (counts.Count > 1) return null;
            return End.GroupBy(pair => pair.Key.Partition.Value).OrderBy(number => number.Key)
                .Select(number => new Cut(number.ToDictionary(pair => pair.Key, pair => pair.Value))).ToList();
        }
    }

    public Cut CurrentEnd(IEnumerable<string> topics)
    {
        using var admin = new AdminClientBuilder(Config<AdminClientConfig>()).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(Config<ConsumerConfig>()).Build();
        var end = new Dictionary<TopicPartition, long>();
        foreach (var topic in topics)
            foreach (var partition in admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions)
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                end[tp] = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            }
        return new Cut(end);
    }

    /// <summary>How many records each partition holds before the cut: from its first retained offset to its end in the cut.</summary>
    public IReadOnlyDictionary<TopicPartition, long> CountsBefore(Cut to)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(Config<ConsumerConfig>()).Build();
        return to.End.ToDictionary(pair => pair.Key, pair => Math.Max(0, pair.Value - consumer.QueryWatermarkOffsets(pair.Key, TimeSpan.FromSeconds(10)).Low.Value));
    }

    /// <summary>
    /// Every record from <paramref name="from"/> (default: the start) up to <paramref name="to"/>, exclusive, or only
    /// those whose key <paramref name="keys"/> accepts (tested before a record is copied out of the client). Throws
    /// (<see cref="ConsumeException"/>) when <paramref name="from"/> is no longer in the log, or retention drops records
    /// before they are read: never a read with a gap in it. Each
    /// partition comes in offset order (so each order's records do: a partition holds whole orders); partitions are read
    /// together and interleave, because reading them one after the other waits at every partition's end.
    /// </summary>
    public IEnumerable<LogRecord> Read(Cut to, Cut? from = null, CancellationToken cancellation = default, Func<string?, bool>? keys = null)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]?>(Config<ConsumerConfig>()).Build();
        var pending = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var (partition, end) in to.End)
        {
            var start = from?.End.GetValueOrDefault(partition) ?? consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).Low.Value;
            if (start >= end) continue;
            pending[partition] = end;
            // "From the start" is wherever the log starts when the fetch begins: retention may have moved it since the
            // watermark was asked, and what it dropped is gone for every reader.
            starts.Add(new TopicPartitionOffset(partition, from is null ? Offset.Beginning : new Offset(start)));
        }
        if (pending.Count == 0) yield break;

        consumer.Assign(starts);
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested(); // never a partial read that looks complete
            var result = consumer.Consume(TimeSpan.FromSeconds(30))
                ?? throw new TimeoutException($"{string.Join(", ", pending.Keys)} stopped answering before the cut.");
            if (!pending.TryGetValue(result.TopicPartition, out var end)) continue; // a partition already read to its cut
            if (result.IsPartitionEOF) { Done(result.TopicPartition); continue; } // its end now is at or past the cut
            if (result.Offset.Value >= end) { Done(result.TopicPartition); continue; } // written after the cut
            if (keys is null || keys(result.Message.Key)) yield return LogRecord.From(result);
            if (result.Offset.Value >= end - 1) Done(result.TopicPartition);
        }

        void Done(TopicPartition partition)
        {
            pending.Remove(partition);
            consumer.Pause([partition]);
        }
    }

    private T Config<T>() where T : ClientConfig, new()
    {
        var config = new T();
        settings.ApplyTo(config);
        if (config is ConsumerConfig consumer)
        {
            if (settings.FetchWaitMaxMs is { } wait) consumer.FetchWaitMaxMs = wait; // the service's own, as its listeners read
            consumer.GroupId = $"{settings.GroupPrefix}-log-reader-{Guid.NewGuid():N}"; // fresh: never shares offsets with a live group
            consumer.EnableAutoCommit = false;
            consumer.EnablePartitionEof = true;
            // A position the log no longer holds (a cut from before retention dropped it, or records dropped while they
            // were being read) fails the read. librdkafka's default would jump to the end, and the end of every partition
            // would then look like a complete read of nothing.
            consumer.AutoOffsetReset = AutoOffsetReset.Error;
        }
        return config;
    }
}
