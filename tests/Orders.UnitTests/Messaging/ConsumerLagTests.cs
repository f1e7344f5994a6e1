using Orders.ServiceDefaults.Kafka;

namespace Orders.UnitTests.Messaging;

public class ConsumerLagTests
{
    [Theory]
    [InlineData(40, 0, 100, 60)]   // committed at 40 of 100
    [InlineData(100, 0, 100, 0)]   // caught up
    [InlineData(-1, 0, 100, 100)]  // nothing committed yet: the group starts at the earliest offset
    [InlineData(-1, 30, 100, 70)]  // nothing committed, the log's head deleted by retention
    [InlineData(10, 30, 100, 90)]  // committed before the deleted head: still counted from the commit
    [InlineData(120, 0, 100, 0)]   // committed past the end (a truncated log) is never negative
    public void Given_a_partitions_offsets_When_the_lag_is_measured_Then_it_counts_the_records_the_group_has_not_committed_past(
        long committed, long low, long high, long expected) =>
        Assert.Equal(expected, ConsumerLag.OfPartition(committed, low, high));
}
