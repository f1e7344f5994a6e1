namespace Orders.ServiceDefaults.Kafka;

/// <summary>How far a consumer group is behind on one partition, the rule the readiness check and the tests share.</summary>
public static class ConsumerLag
{
    /// <summary>
    /// Records between the group's position and the end of the partition. A group that has committed nothing
    /// (<paramref name="committed"/> negative: Kafka's "no offset") stands at the low watermark, since the services'
    /// groups start at the earliest offset; a committed offset beyond the end (a truncated log) counts as caught up.
    /// </summary>
    public static long OfPartition(long committed, long low, long high) => Math.Max(0, high - (committed >= 0 ? committed : low));
}
