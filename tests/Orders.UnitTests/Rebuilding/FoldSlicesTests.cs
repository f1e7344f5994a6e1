using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Rebuilding;

namespace Orders.UnitTests.Rebuilding;

/// <summary>How a restore cuts the log into slices of whole orders, so that its memory does not grow with the log.</summary>
public class FoldSlicesTests
{
    [Theory]
    [InlineData(0, 100, 1)]
    [InlineData(100, 100, 1)]
    [InlineData(101, 100, 2)]
    [InlineData(1_000_000, 100_000, 10)]
    [InlineData(3, 1, 3)]
    public void Given_a_slice_of_records_When_planned_Then_each_pass_holds_at_most_the_limit(long records, int perFold, int passes) =>
        Assert.Equal(passes, FoldSlices.PassesFor(records, perFold));

    [Fact]
    public void Given_partition_numbers_of_various_sizes_When_planned_Then_small_ones_are_packed_up_to_the_limit_and_a_large_one_is_read_in_passes()
    {
        var plan = FoldSlices.Plan([40, 50, 10, 250, 0, 100, 1], 100);

        Assert.Equal([[0, 1, 2], [3], [4, 5], [6]], plan.Select(slice => slice.Numbers.ToArray()));
        Assert.Equal([1, 3, 1, 1], plan.Select(slice => slice.Passes));
    }

    [Fact]
    public void Given_an_empty_log_When_planned_Then_one_slice_reads_every_partition_number_once() =>
        Assert.Equal(new FoldSlices.Slice([0, 1, 2], 1), Assert.Single(FoldSlices.Plan([0, 0, 0], 100)), SliceComparer);

    [Fact]
    public void Given_a_limit_below_one_record_When_planned_Then_it_is_refused_by_name() =>
        Assert.Equal("recordsPerFold", Assert.Throws<ArgumentOutOfRangeException>(() => FoldSlices.Plan([1], 0)).ParamName);

    private static readonly IEqualityComparer<FoldSlices.Slice> SliceComparer = EqualityComparer<FoldSlices.Slice>.Create(
        (a, b) => a!.Passes == b!.Passes && a.Numbers.SequenceEqual(b.Numbers), slice => slice.Passes);

    [Fact]
    public void Given_a_limit_below_one_record_When_passes_are_counted_Then_it_is_refused_by_name() =>
        Assert.Equal("recordsPerFold", Assert.Throws<ArgumentOutOfRangeException>(() => FoldSlices.PassesFor(10, 0)).ParamName);

    [Fact]
    public void Given_keys_When_split_into_passes_Then_every_key_falls_in_exactly_one_pass_every_time()
    {
        var keys = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid().ToString()).Append(null).ToList();
        foreach (var key in keys)
        {
            Assert.Single(Enumerable.Range(0, 7), pass => FoldSlices.InPass(key, pass, 7));
            Assert.Equal(Enumerable.Range(0, 7).Select(pass => FoldSlices.InPass(key, pass, 7)), Enumerable.Range(0, 7).Select(pass => FoldSlices.InPass(key, pass, 7)));
        }
        // Spread, not all in one pass: each of 7 passes gets some of 1,000 random keys.
        Assert.All(Enumerable.Range(0, 7), pass => Assert.Contains(keys, key => FoldSlices.InPass(key, pass, 7)));
    }

    [Fact]
    public void Given_topics_with_equal_partition_counts_When_cut_by_partition_number_Then_each_piece_holds_that_partition_of_every_topic()
    {
        var cut = new KafkaLog.Cut(new Dictionary<TopicPartition, long>
        {
            [new("shipping-commands", 1)] = 7, [new("shipping-events", 0)] = 3,
            [new("shipping-commands", 0)] = 5, [new("shipping-events", 1)] = 0,
        });

        var pieces = cut.ByPartitionNumber();

        Assert.NotNull(pieces);
        Assert.Equal(2, pieces.Count);
        Assert.Equal(new Dictionary<TopicPartition, long> { [new("shipping-commands", 0)] = 5, [new("shipping-events", 0)] = 3 }, pieces[0].End);
        Assert.Equal(new Dictionary<TopicPartition, long> { [new("shipping-commands", 1)] = 7, [new("shipping-events", 1)] = 0 }, pieces[1].End);
    }

    [Fact]
    public void Given_topics_with_different_partition_counts_When_cut_by_partition_number_Then_there_is_no_such_cut()
    {
        var cut = new KafkaLog.Cut(new Dictionary<TopicPartition, long>
        {
            [new("shipping-commands", 0)] = 5, [new("shipping-commands", 1)] = 7, [new("shipping-events", 0)] = 3,
        });

        Assert.Null(cut.ByPartitionNumber());
    }
}
