using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Orders.Tools.Backup;

/// <summary>
/// Writes a backup file into a cluster: every record to its original partition, in the file's (original) order, with
/// its key, headers (so its event id) and timestamp. Refuses a non-empty target topic unless forced, because
/// restoring on top of live data would interleave two histories.
/// </summary>
public sealed class TopicImporter(string bootstrapServers, TextWriter progress, Action<ClientConfig>? secure = null)
{
    public async Task<IReadOnlyDictionary<string, long>> ImportAsync(Stream input, bool force, CancellationToken cancellation = default)
    {
        var records = await ReadAsync(input, cancellation);
        var topics = records.Select(r => r.Topic).Distinct().ToList();
        CheckTargets(topics, records, force);

        // Idempotent with acks=all: retries never duplicate or reorder a partition's records.
        using var producer = new ProducerBuilder<string?, byte[]?>(Secured(new ProducerConfig
        {
            BootstrapServers = bootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5,
        })).Build();
        var counts = topics.ToDictionary(t => t, _ => 0L);
        var started = DateTime.UtcNow;
        long done = 0;
        foreach (var record in records)
        {
            var headers = new Headers();
            foreach (var (name, value) in record.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
            producer.Produce(new TopicPartition(record.Topic, record.Partition), new Message<string?, byte[]?>
            {
                Key = record.Key,
                Value = record.Value is null ? null : Convert.FromBase64String(record.Value),
                Headers = headers,
                Timestamp = new Timestamp(DateTime.SpecifyKind(record.Timestamp, DateTimeKind.Utc)),
            }, report =>
            {
                if (report.Error.IsError) throw new KafkaException(report.Error);
            });
            counts[record.Topic]++;
            if (++done % 10_000 == 0) progress.WriteLine($"import: {done:N0}/{records.Count:N0} records ({done / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds):N0}/s)");
        }
        var unsent = producer.Flush(TimeSpan.FromSeconds(60));
        if (unsent > 0) throw new TimeoutException($"{unsent} records were not acknowledged by the cluster within 60 s.");
        foreach (var (topic, count) in counts) progress.WriteLine($"import: {topic}: {count:N0} records");
        return counts;
    }

    private void CheckTargets(IReadOnlyList<string> topics, IReadOnlyList<BackupRecord> records, bool force)
    {
        using var admin = new AdminClientBuilder(Secured(new AdminClientConfig { BootstrapServers = bootstrapServers })).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(Secured(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "orders-tools-import" })).Build();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError) throw new InvalidOperationException($"Topic {topic} is not usable on the target ({metadata.Error.Reason}); provision it first.");
            var needed = records.Where(r => r.Topic == topic).Max(r => r.Partition) + 1;
            if (metadata.Partitions.Count < needed)
                throw new InvalidOperationException($"Topic {topic} has {metadata.Partitions.Count} partitions on the target; the backup needs {needed}.");
            var existing = metadata.Partitions.Sum(p =>
            {
                var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10));
                return w.High.Value - w.Low.Value;
            });
            if (existing > 0 && !force)
                throw new InvalidOperationException($"Topic {topic} already holds {existing} records; import refuses to mix histories (use --force to append anyway).");
        }
    }

    private static async Task<List<BackupRecord>> ReadAsync(Stream input, CancellationToken cancellation)
    {
        var records = new List<BackupRecord>();
        using var reader = new StreamReader(input, Encoding.UTF8, leaveOpen: true);
        var line = 0;
        while (await reader.ReadLineAsync(cancellation) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<BackupRecord>(text) ?? throw new JsonException("empty record"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Line {line} of the backup is not a record: {e.Message}", e);
            }
        }
        return records;
    }

    private T Secured<T>(T config) where T : ClientConfig
    {
        secure?.Invoke(config);
        return config;
    }
}
