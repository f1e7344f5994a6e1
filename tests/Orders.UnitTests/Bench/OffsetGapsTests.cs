using Orders.Bench.Baseline;

namespace Orders.UnitTests.Bench;

/// <summary>A raw stage that falls behind the embedded broker's retention is reset past records it never read; the baseline must say so.</summary>
public class OffsetGapsTests
{
    [Fact]
    public void Given_contiguous_offsets_across_batches_When_counted_Then_nothing_was_skipped()
    {
        var next = new Dictionary<int, long>();

        Assert.Equal(0, OffsetGaps.Count(next, [(0, 0), (1, 0), (0, 1), (0, 2)]));
        Assert.Equal(0, OffsetGaps.Count(next, [(1, 1), (0, 3)]));
    }

    [Fact]
    public void Given_a_reset_past_dropped_records_When_counted_Then_each_partitions_gap_is_added()
    {
        var next = new Dictionary<int, long>();
        OffsetGaps.Count(next, [(0, 0), (0, 1), (2, 5)]);

        // Partition 0 jumps from 2 to 40 (38 never read), partition 2 from 6 to 9 (3), partition 1 starts here (no gap).
        Assert.Equal(41, OffsetGaps.Count(next, [(0, 40), (1, 7), (2, 9), (0, 41)]));
    }

    [Fact]
    public void Given_a_record_read_again_When_counted_Then_it_is_no_gap()
    {
        var next = new Dictionary<int, long>();
        OffsetGaps.Count(next, [(0, 0), (0, 1), (0, 2)]);

        Assert.Equal(0, OffsetGaps.Count(next, [(0, 1), (0, 2), (0, 3)]));
    }
}
