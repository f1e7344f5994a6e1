using System.Text;
using Confluent.Kafka;
using Orders.Bench.Infrastructure;
using Orders.Contracts;

namespace Orders.Bench.Monitoring;

/// <summary>Reads every order topic from its start to its current end (by assignment, no group) for <see cref="LifecycleSteps"/>.</summary>
public static class LifecycleLog
{
    private static readonly string[] OrderTopics = [Topics.OrdersEvents, Topics.PaymentsCommands, Topics.PaymentsEvents, Topics.ShippingCommands, Topics.ShippingEvents];

    public static IReadOnlyList<LifecycleRecord> Read(string bootstrap, IReadOnlySet<Guid> orders)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        using var consumer = new ConsumerBuilder<string?, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"bench-steps-{Guid.NewGuid():N}", // never joined: the partitions are assigned
            EnableAutoCommit = false,
            EnablePartitionEof = true, // a partition whose last offsets are not records (or are gone) still ends
        }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var remaining = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var topic in metadata.Topics.Where(t => OrderTopics.Contains(t.Topic)))
            foreach (var partition in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Topic, partition.PartitionId);
                var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
                // The embedded broker keeps a few MB per partition: orders older than its head show fewer steps.
                if (marks.Low.Value > 0) Console.WriteLine($"  lifecycle steps: {tp} starts at offset {marks.Low.Value}, older records are gone");
                if (marks.High.Value <= marks.Low.Value) continue;
                remaining[tp] = marks.High.Value;
                starts.Add(new TopicPartitionOffset(tp, marks.Low));
            }

        var records = new List<LifecycleRecord>();
        consumer.Assign(starts);
        while (remaining.Count > 0)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(30))
                         ?? throw new BenchFailure("lifecycle steps", $"{string.Join(", ", remaining.Keys)} stopped answering before their end");
            if (!remaining.TryGetValue(result.TopicPartition, out var end)) continue;
            if (result.IsPartitionEOF || result.Offset.Value >= end) { Done(result.TopicPartition); continue; }
            if (result.Offset.Value >= end - 1) Done(result.TopicPartition);
            if (!Guid.TryParse(result.Message.Key, out var orderId) || !orders.Contains(orderId)) continue;
            var type = result.Message.Headers.TryGetLastBytes("message-type", out var bytes) ? Encoding.UTF8.GetString(bytes) : "(no type)";
            records.Add(new LifecycleRecord(orderId, $"{result.Topic}: {type}", result.Message.Timestamp.UtcDateTime));
        }
        return records;

        void Done(TopicPartition partition)
        {
            remaining.Remove(partition);
            consumer.Pause([partition]); // records written after the phase are not this phase's
        }
    }
}
