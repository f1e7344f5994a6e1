using Orders.Bench.Monitoring;

namespace Orders.UnitTests.Bench;

/// <summary>PostgreSQL's CPU in the bench's report: its backends between two reads, and the children that exited.</summary>
public class GroupCpuTests
{
    private static Dictionary<int, SeenTicks> Seen(params (int Pid, double Uncounted, double Last)[] processes) =>
        processes.ToDictionary(p => p.Pid, p => new SeenTicks(p.Uncounted, p.Last));

    [Fact]
    public void Given_processes_read_twice_When_ticks_are_counted_Then_each_counts_what_it_used_between_the_reads()
    {
        var before = Seen((1, 10, 10), (2, 50, 70));

        var ticks = GroupCpu.TicksBetween(before, new Dictionary<int, double> { [1] = 13, [2] = 75 }, reapedTicks: 0);

        Assert.Equal(8, ticks);
    }

    [Fact]
    public void Given_a_process_first_seen_in_this_read_When_ticks_are_counted_Then_its_past_does_not_count_as_this_seconds_work()
    {
        var ticks = GroupCpu.TicksBetween(Seen((1, 10, 10)), new Dictionary<int, double> { [1] = 11, [9] = 400 }, reapedTicks: 0);

        Assert.Equal(1, ticks);
    }

    [Fact]
    public void Given_a_child_that_lived_and_exited_between_two_reads_When_ticks_are_counted_Then_its_reaped_ticks_count()
    {
        var ticks = GroupCpu.TicksBetween(Seen((1, 10, 10)), new Dictionary<int, double> { [1] = 10 }, reapedTicks: 6);

        Assert.Equal(6, ticks);
    }

    [Fact]
    public void Given_a_backend_born_while_watched_that_exits_after_being_counted_When_ticks_are_counted_Then_only_the_part_of_its_life_not_yet_counted_is_added()
    {
        // born after a read, first seen at 40 ticks (never counted), counted 40 -> 70 while read, exited at 72: reaped 72
        var before = Seen((1, 10, 10), (7, 40, 70));

        var ticks = GroupCpu.TicksBetween(before, new Dictionary<int, double> { [1] = 10 }, reapedTicks: 72);

        Assert.Equal(42, ticks);
    }

    [Fact]
    public void Given_a_backend_already_running_when_first_seen_When_it_exits_Then_only_its_life_after_the_last_read_counts()
    {
        // running before the watch (or missed by a read): 400 ticks when first seen, none of them this watch's to recover
        var before = Seen((1, 10, 10), (7, 0, 430));

        var ticks = GroupCpu.TicksBetween(before, new Dictionary<int, double> { [1] = 10 }, reapedTicks: 432);

        Assert.Equal(2, ticks);
    }

    [Fact]
    public void Given_a_parent_that_restarted_When_its_reaped_ticks_went_down_Then_nothing_negative_is_counted()
    {
        var ticks = GroupCpu.TicksBetween(Seen((1, 10, 10)), new Dictionary<int, double> { [1] = 12 }, reapedTicks: -500);

        Assert.Equal(2, ticks);
    }

    [Fact]
    public void Given_a_process_seen_before_When_the_next_read_is_recorded_Then_it_keeps_what_it_had_and_a_new_one_keeps_its_past_only_if_born_since_the_previous_read()
    {
        var seen = GroupCpu.Seen(Seen((1, 10, 12)), new Dictionary<int, double> { [1] = 15, [2] = 40, [3] = 400 }, bornSincePreviousRead: new HashSet<int> { 2 });

        Assert.Equal(new SeenTicks(10, 15), seen[1]);
        Assert.Equal(new SeenTicks(40, 40), seen[2]);
        Assert.Equal(new SeenTicks(0, 400), seen[3]);
    }

    [Fact]
    public void Given_the_watchs_first_read_When_it_is_recorded_Then_no_process_keeps_its_past()
    {
        var seen = GroupCpu.Seen(null, new Dictionary<int, double> { [1] = 15, [2] = 400 }, bornSincePreviousRead: new HashSet<int>());

        Assert.Equal(new SeenTicks(0, 15), seen[1]);
        Assert.Equal(new SeenTicks(0, 400), seen[2]);
    }
}
