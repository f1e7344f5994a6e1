using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Tools.Backup;

/// <summary>
/// Writes topics to a backup file, partition by partition in offset order, up to the high watermark seen at the start
/// (a consistent cut per partition). Reads with partition assignment, so no consumer group and no committed offset.
/// </summary>
public sealed class TopicExporter(string bootstrapServers, TextWriter progress, Action<ClientConfig>? secure = null)
{
    public async Task<IReadOnlyDictionary<string, long>> ExportAsync(IEnumerable<string> topics, Stream output, CancellationToken cancellation = default)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]?>(Secured(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "orders-tools-export", EnableAutoCommit = false, EnablePartitionEof = true,
        })).Build();
        using var admin = new AdminClientBuilder(Secured(new AdminClientConfig { BootstrapServers = bootstrapServers })).Build();
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        var counts = new Dictionary<string, long>();
        var started = DateTime.UtcNow;
        long total = 0;

        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
            if (metadata.Error.IsError) throw new InvalidOperationException($"Topic {topic}: {metadata.Error.Reason}");
            counts[topic] = 0;
            foreach (var partition in metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value))
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
                if (watermarks.High <= watermarks.Low) continue;
                consumer.Assign(new TopicPartitionOffset(partition, watermarks.Low));
                while (true)
                {
                    var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"{partition} stopped answering before offset {watermarks.High}.");
                    if (result.IsPartitionEOF) break;
                    var record = new BackupRecord(topic, result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UtcDateTime,
                        result.Message.Key,
                        LogRecord.HeadersAsText(result.Message.Headers),
                        result.Message.Value is null ? null : Convert.ToBase64String(result.Message.Value));
                    await writer.WriteLineAsync(JsonSerializer.Serialize(record));
                    counts[topic]++;
                    if (++total % 10_000 == 0) progress.WriteLine($"export: {total:N0} records ({total / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds):N0}/s)");
                    if (result.Offset.Value >= watermarks.High - 1) break;
                }
                consumer.Unassign();
            }
            progress.WriteLine($"export: {topic}: {counts[topic]:N0} records");
        }
        return counts;
    }

    private T Secured<T>(T config) where T : ClientConfig
    {
        secure?.Invoke(config);
        return config;
    }
}
