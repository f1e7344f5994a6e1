using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>Where a consumer group stands on a topic, read the way an operator's tools read it (committed offsets).</summary>
public static class ConsumerGroupOffsets
{
    /// <summary>Records of the topic the group has not yet committed past.</summary>
    public static long Lag(string bootstrapServers, string group, string topic)
    {
        // A consumer that never subscribes does not join the group: it only reads the group's committed offsets.
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group, EnableAutoCommit = false }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        return partitions.Sum(p =>
        {
            var marks = consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10));
            return ConsumerLag.OfPartition(committed.GetValueOrDefault(p, -1), marks.Low.Value, marks.High.Value);
        });
    }

    /// <summary>Waits until the group has committed past every record now on the topic.</summary>
    public static Task WaitUntilCaughtUpAsync(string bootstrapServers, string group, string topic, string what) =>
        Eventually.Until(() => Task.Run(() => Lag(bootstrapServers, group, topic)), lag => lag == 0, what, TimeSpan.FromSeconds(60));
}
