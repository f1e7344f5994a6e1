using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>Where a consumer group stands on a topic, read the way an operator's tools read it (committed offsets).</summary>
public static class ConsumerGroupOffsets
{
    /// <summary>Records of the topic the group has not yet committed past.</summary>
    public static long Lag(string bootstrapServers, string group, string topic)
    {
        using var groups = new GroupOffsets(bootstrapServers, TimeSpan.FromSeconds(10));
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build(); // topic metadata only
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        return groups.Lag(group, partitions);
    }

    /// <summary>Waits until the group has committed past every record now on the topic.</summary>
    public static Task WaitUntilCaughtUpAsync(string bootstrapServers, string group, string topic, string what) =>
        Eventually.Until(() => Task.Run(() => Lag(bootstrapServers, group, topic)), lag => lag == 0, what, TimeSpan.FromSeconds(60));
}
