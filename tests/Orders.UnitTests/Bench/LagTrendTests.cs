using Orders.Bench.Monitoring;

namespace Orders.UnitTests.Bench;

/// <summary>The bench says when a consumer group could not follow a phase's throughput.</summary>
public class LagTrendTests
{
    private static readonly WatchedGroup Projection = new("ordering", "orders-ordering.orders-events", "orders-events");
    private static readonly WatchedGroup Payment = new("payment", "orders-payment.payments-commands", "payments-commands");

    /// <summary>One sample a second; each group's committed position is the log end minus the lag given for it.</summary>
    private static List<KafkaSample> Samples(Func<int, long> projectionLag, Func<int, long> paymentLag, int seconds = 60)
    {
        const long end = 1_000_000;
        return Enumerable.Range(0, seconds).Select(second => new KafkaSample(second,
            new Dictionary<string, long> { ["orders-events"] = end, ["payments-commands"] = end },
            new Dictionary<string, long>
            {
                [Projection.Group] = end - projectionLag(second),
                [Payment.Group] = end - paymentLag(second),
            })).ToList();
    }

    /// <summary>Commits every 5 s at a steady rate: the lag climbs for 5 s, then drops to about a second's records.</summary>
    private static long KeepingUp(int second, long perSecond) => (second % 5 + 1) * perSecond;

    [Fact]
    public void Given_groups_that_commit_every_few_seconds_and_keep_up_When_judged_Then_none_fell_behind()
    {
        var samples = Samples(s => KeepingUp(s, 2_000), s => KeepingUp(s, 400));

        var fell = LagTrend.Of(samples, [Projection, Payment]);

        Assert.NotNull(fell);
        Assert.Empty(fell);
    }

    [Fact]
    public void Given_a_projection_whose_lag_floor_climbs_by_a_thousand_records_a_second_When_judged_Then_it_alone_fell_behind_with_its_figures()
    {
        var samples = Samples(s => KeepingUp(s, 2_000) + 1_000L * s, s => KeepingUp(s, 400));

        var fell = Assert.Single(LagTrend.Of(samples, [Projection, Payment]) ?? []);

        Assert.Equal(Projection.Group, fell.Group);
        Assert.Equal(10_000 + 19_000, fell.EarlyHighest); // second 19: 5 s of records since the commit, plus 19 s of deficit
        Assert.Equal(2_000 + 40_000, fell.LateLowest);   // second 40: just committed, 40 s of deficit
    }

    [Fact]
    public void Given_the_samples_come_out_of_order_When_judged_Then_they_are_read_in_time_order()
    {
        var samples = Samples(s => 1_000L * s, s => 0);
        samples.Reverse();

        Assert.Equal(Projection.Group, Assert.Single(LagTrend.Of(samples, [Projection, Payment]) ?? []).Group);
    }

    [Fact]
    public void Given_too_few_samples_for_a_trend_When_judged_Then_it_says_not_judged_rather_than_that_every_group_followed()
    {
        var samples = Samples(s => 1_000L * s, s => 0, seconds: 3 * LagTrend.MinimumSamplesPerThird - 1);

        Assert.Null(LagTrend.Of(samples, [Projection, Payment]));
    }
}
