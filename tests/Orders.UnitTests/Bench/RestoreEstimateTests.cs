using Orders.Bench.Rebuild;
using Orders.Bench.Results;

namespace Orders.UnitTests.Bench;

/// <summary>Restore is timed as start-up on the seeded log minus start-up on an empty one; noise can make that zero or less.</summary>
public class RestoreEstimateTests
{
    [Fact]
    public void Given_a_start_up_on_the_seeded_log_slower_by_4_s_When_estimated_Then_the_rate_is_the_events_over_those_4_s()
    {
        var restore = RebuildBench.Restore("ordering", 200_000, "orders-events", readySeeded: 9.5, readyEmpty: 5.5);

        Assert.Equal(4, restore.Seconds, 6);
        Assert.Equal(50_000, restore.EventsPerSecond, 3);
    }

    [Fact]
    public void Given_a_start_up_on_the_seeded_log_no_slower_than_on_an_empty_one_When_reported_Then_the_rate_is_not_available_rather_than_absurd()
    {
        var restore = RebuildBench.Restore("payment", 200_000, "payments-events", readySeeded: 5.2, readyEmpty: 5.4);
        var results = new BenchResults(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc), "2 cores", "fsync=on", new Dictionary<string, string>(),
            null, null, null, null, null, [], null, [restore], [], []);

        var markdown = ResultsWriter.Markdown(results);

        Assert.True(double.IsNaN(restore.EventsPerSecond));
        Assert.Contains("| payment | restore from log on an empty database (start-up) | 200,000 | n/a | n/a |", markdown);
    }
}
