using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Tools.Backup;

/// <summary>
/// Writes a backup file into a cluster: every record to its original partition, in the file's (original) order, with
/// its key, headers (so its event id) and timestamp. Refuses a non-empty target topic unless forced, because
/// restoring on top of live data would interleave two histories. Streams the file twice (check, then write), so a
/// backup of any size imports in constant memory.
/// </summary>
public sealed class TopicImporter(string bootstrapServers, TextWriter progress, Action<ClientConfig>? secure = null)
{
    public async Task<IReadOnlyDictionary<string, long>> ImportAsync(Stream input, bool force, CancellationToken cancellation = default)
    {
        if (!input.CanSeek) throw new InvalidOperationException("import reads its backup twice (check, then write): give it a file, not a pipe.");
        // First pass: every line parses, and what it needs of the target (topics, partitions); nothing is held in memory.
        var needed = new Dictionary<string, (int Partitions, long Records)>();
        await foreach (var record in ReadAsync(input, cancellation))
        {
            var (partitions, records) = needed.GetValueOrDefault(record.Topic);
            needed[record.Topic] = (Math.Max(partitions, record.Partition + 1), records + 1);
        }
        CheckTargets(needed, force);
        var total = needed.Values.Sum(n => n.Records);
        progress.WriteLine($"import: {total:N0} records for {needed.Count} topic(s) checked; writing...");

        // Idempotent with acks=all: retries never duplicate or reorder a partition's records.
        using var producer = new ProducerBuilder<string?, byte[]?>(Secured(new ProducerConfig
        {
            BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5,
        })).Build();
        var counts = needed.Keys.ToDictionary(t => t, _ => 0L);
        var started = DateTime.UtcNow;
        long done = 0, failed = 0;
        Error? firstError = null;
        input.Seek(0, SeekOrigin.Begin);
        await foreach (var record in ReadAsync(input, cancellation))
        {
            var headers = new Headers();
            foreach (var (name, value) in record.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
            var message = new Message<string?, byte[]?>
            {
                Key = record.Key,
                Value = record.Value is null ? null : Convert.FromBase64String(record.Value),
                Headers = headers,
                Timestamp = new Timestamp(DateTime.SpecifyKind(record.Timestamp, DateTimeKind.Utc)),
            };
            // A backup larger than librdkafka's local queue outruns the cluster: wait for room rather than abort half-way.
            producer.ProduceWhenRoom(() => producer.Produce(new TopicPartition(record.Topic, record.Partition), message, report =>
            {
                // Never throw on librdkafka's thread: count, keep the first reason, and fail once everything is flushed.
                if (report.Error.IsError && Interlocked.Increment(ref failed) == 1) firstError = report.Error;
            }));
            counts[record.Topic]++;
            if (++done % 10_000 == 0) progress.WriteLine($"import: {done:N0}/{total:N0} records ({done / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds):N0}/s)");
        }
        var unsent = producer.Flush(TimeSpan.FromSeconds(60));
        if (unsent > 0) throw new TimeoutException($"{unsent} records were not acknowledged by the cluster within 60 s.");
        if (failed > 0) throw new KafkaException(new Error(firstError!.Code, $"{failed} of {done} records were refused by the cluster; the first: {firstError.Reason}"));
        foreach (var (topic, count) in counts) progress.WriteLine($"import: {topic}: {count:N0} records");
        return counts;
    }

    private void CheckTargets(IReadOnlyDictionary<string, (int Partitions, long Records)> needed, bool force)
    {
        using var admin = new AdminClientBuilder(Secured(new AdminClientConfig { BootstrapServers = bootstrapServers })).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(Secured(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "orders-tools-import" })).Build();
        foreach (var (topic, (partitions, _)) in needed)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError) throw new InvalidOperationException($"Topic {topic} is not usable on the target ({metadata.Error.Reason}); provision it first.");
            if (metadata.Partitions.Count < partitions)
                throw new InvalidOperationException($"Topic {topic} has {metadata.Partitions.Count} partitions on the target; the backup needs {partitions}.");
            var existing = metadata.Partitions.Sum(p =>
            {
                var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10));
                return w.High.Value - w.Low.Value;
            });
            if (existing > 0 && !force)
                throw new InvalidOperationException($"Topic {topic} already holds {existing} records; import refuses to mix histories (use --force to append anyway).");
        }
    }

    /// <summary>The backup's records one line at a time; a line that is not a record stops the import with its number.</summary>
    private static async IAsyncEnumerable<BackupRecord> ReadAsync(Stream input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, leaveOpen: true);
        var line = 0;
        while (await reader.ReadLineAsync(cancellation) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            BackupRecord record;
            try
            {
                record = JsonSerializer.Deserialize<BackupRecord>(text) ?? throw new JsonException("empty record");
                if (record.Value is not null) _ = Convert.FromBase64String(record.Value); // caught in the check pass, before anything is written
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new InvalidDataException($"Line {line} of the backup is not a record: {e.Message}", e);
            }
            yield return record;
        }
    }

    private T Secured<T>(T config) where T : ClientConfig
    {
        secure?.Invoke(config);
        return config;
    }
}
