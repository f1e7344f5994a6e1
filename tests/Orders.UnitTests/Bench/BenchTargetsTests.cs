using Orders.Bench;
using Orders.Bench.Monitoring;
using Orders.Bench.Results;

namespace Orders.UnitTests.Bench;

/// <summary>
/// The report's target table: a max-mode rate counts as sustained only if every consumer group followed it, and a
/// fixed-rate p99 counts only if every order of the phase shipped.
/// </summary>
public class BenchTargetsTests
{
    private static readonly BenchOptions Options = new() { Repo = "/repo" };

    private static PhaseResult MaxPhase(double ordersPerSecond, IReadOnlyList<FellBehind>? fellBehind) =>
        new("max (1024 in flight)", "max", null, 60, 30_000, 30_000, 30_000, 0, new Dictionary<string, int>(), 0, ordersPerSecond,
            new Latency(2_000, 3_000, 4_000, 5_000), new Dictionary<string, ServiceRates>(), 1.1, [], 195,
            new Dictionary<string, long>(), [], null, fellBehind);

    private static PhaseResult FixedPhase(double p99Ms, long cancelled, long notFinished, long failed = 0) =>
        new("fixed 100/s", "fixed", 100, 60, 6_000, 6_000 - cancelled - notFinished - failed, 5_950, failed,
            failed > 0 ? new Dictionary<string, int> { ["create 500"] = (int)failed } : new Dictionary<string, int>(), notFinished, 99.2,
            new Latency(150, 200, p99Ms, 300), new Dictionary<string, ServiceRates>(), 8.1, [], 150,
            new Dictionary<string, long>(), [], null, [], cancelled);

    [Fact]
    public void Given_a_p99_under_250_ms_and_every_order_shipped_When_judged_Then_the_latency_target_is_met()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, null, FixedPhase(231, cancelled: 0, notFinished: 0), null, null));

        Assert.True(target.Met);
        Assert.Equal("231 ms", target.Measured);
    }

    [Fact]
    public void Given_a_p99_under_250_ms_of_the_orders_that_shipped_while_others_ended_cancelled_When_judged_Then_the_target_is_not_met_and_says_how_many()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, null, FixedPhase(231, cancelled: 1_204, notFinished: 3), null, null));

        Assert.False(target.Met);
        Assert.Equal("231 ms (1,204 cancelled, 3 unfinished)", target.Measured);
    }

    [Fact]
    public void Given_a_p99_under_250_ms_of_the_orders_that_shipped_while_others_failed_over_http_When_judged_Then_the_target_is_not_met_and_says_how_many()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, null, FixedPhase(231, cancelled: 0, notFinished: 0, failed: 42), null, null));

        Assert.False(target.Met);
        Assert.Equal("231 ms (42 failed)", target.Measured);
    }

    [Fact]
    public void Given_500_orders_per_second_that_every_group_followed_When_judged_Then_the_throughput_target_is_met()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, MaxPhase(512.3, []), null, null, null));

        Assert.True(target.Met);
        Assert.Equal("512.3/s", target.Measured);
    }

    [Fact]
    public void Given_500_orders_per_second_that_the_projection_could_not_follow_When_judged_Then_the_target_is_not_met_and_says_who_fell_behind()
    {
        var behind = new FellBehind("orders-ordering.orders-events", 24_294, 40_938);

        var target = Assert.Single(ResultsWriter.Targets(Options, MaxPhase(512.3, [behind]), null, null, null));

        Assert.False(target.Met);
        Assert.Equal("512.3/s (orders-ordering.orders-events fell behind)", target.Measured);
    }

    [Fact]
    public void Given_500_orders_per_second_whose_consumer_lag_could_not_be_judged_When_judged_Then_the_throughput_target_is_not_met_and_says_why()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, MaxPhase(600, null), null, null, null));

        Assert.False(target.Met);
        Assert.Equal("600.0/s (consumer lag not judged: too few samples)", target.Measured);
    }

    [Fact]
    public void Given_a_fell_behind_phase_When_written_as_markdown_Then_the_report_names_the_group_and_its_lag()
    {
        var results = new BenchResults(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc), "2 cores", "fsync=on", new Dictionary<string, string>(),
            512.3, null, null, null, null, [MaxPhase(512.3, [new FellBehind("orders-ordering.orders-events", 24_294, 40_938)])], null, [], [], []);

        var markdown = ResultsWriter.Markdown(results);

        Assert.Contains("**max (1024 in flight): orders-ordering.orders-events fell behind**: its lag was at least 40,938 in the phase's last third, at most 24,294 in its first", markdown);
    }

    [Fact]
    public void Given_a_ratio_just_under_a_quarter_When_judged_Then_it_is_not_met_and_does_not_read_as_25_percent()
    {
        var target = Assert.Single(ResultsWriter.Targets(Options, null, null, null, 0.24964));

        Assert.False(target.Met);
        Assert.Equal("24.96 %", target.Measured);
    }

    [Fact]
    public void Given_a_baseline_stage_that_fell_behind_When_written_as_markdown_Then_the_report_says_the_baseline_was_not_sustained()
    {
        var baseline = new BaselineResult(180_000, 60, 3_000, new Latency(300, 500, 600, 800), [], 195, "the raw work",
            new Dictionary<string, long> { ["projection"] = 1_234 }, [new FellBehind("baseline-projection", 43_503, 62_825)]);
        var results = new BenchResults(new DateTime(2026, 12, 1, 19, 0, 0, DateTimeKind.Utc), "2 cores", "fsync=on", new Dictionary<string, string>(),
            null, null, null, null, 3_000, [], baseline, [], [], []);

        var markdown = ResultsWriter.Markdown(results);

        Assert.Contains("**Baseline not sustained**: baseline-projection's lag climbed (at least 62,825 in the window's last third, at most 43,503 in its first); " +
                        "stage projection never read 1,234 records (fell behind the broker's retention)", markdown);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Given_a_baseline_window_too_short_to_judge_its_lag_When_written_as_markdown_Then_the_report_says_so(bool judged, bool saysNotJudged)
    {
        var baseline = new BaselineResult(30_000, 10, 3_000, new Latency(300, 500, 600, 800), [], 195, "the raw work",
            new Dictionary<string, long>(), judged ? [] : null);
        var results = new BenchResults(new DateTime(2026, 12, 1, 19, 0, 0, DateTimeKind.Utc), "2 cores", "fsync=on", new Dictionary<string, string>(),
            null, null, null, null, 3_000, [], baseline, [], [], []);

        var markdown = ResultsWriter.Markdown(results);

        Assert.Equal(saysNotJudged, markdown.Contains("Whether every baseline stage kept up was not judged: fewer than 15 lag samples in its window"));
        Assert.DoesNotContain("Baseline not sustained", markdown);
    }
}
