namespace Orders.Kafka.Embedded;

/// <summary>A topic to create when the embedded cluster starts.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count (at least 1).</param>
/// <param name="ReplicationFactor">Replication factor (at most the broker count).</param>
public sealed record EmbeddedTopic(string Name, int Partitions = 1, int ReplicationFactor = 1);

/// <summary>Settings for <see cref="EmbeddedKafkaCluster.Start"/>.</summary>
public sealed class EmbeddedKafkaOptions
{
    /// <summary>Number of brokers; their ids are 1..Brokers. Default 1.</summary>
    public int Brokers { get; init; } = 1;

    /// <summary>
    /// Topics to create up front. The mock broker has no CreateTopics API (admin clients cannot
    /// create topics), but it does auto-create unknown topics on metadata/produce with its default
    /// partition count.
    /// </summary>
    public IReadOnlyList<EmbeddedTopic> Topics { get; init; } = [];

    /// <summary>
    /// The group coordinator's delay before the first rebalance of a new consumer group. Kafka's
    /// (and the mock's) default is 3000 ms, which makes the first record arrive after about 3.7 s;
    /// 0 (the default here) brings that down to a fraction of a second.
    /// </summary>
    public int InitialRebalanceDelayMs { get; init; }
}
