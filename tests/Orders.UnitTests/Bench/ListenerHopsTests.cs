using Orders.Bench.Monitoring;
using Orders.Bench.Results;

namespace Orders.UnitTests.Bench;

/// <summary>The bench's reading of the batched listeners' histograms from a service's Prometheus exposition.</summary>
public class ListenerHopsTests
{
    // As Ordering's /metrics writes them (OpenTelemetry's Prometheus exporter, the suite's meter), buckets and other metrics between.
    private const string Before = """
        # TYPE orders_listener_batch_duration_seconds histogram
        orders_listener_batch_duration_seconds_bucket{otel_scope_name="Orders",topic="payments-events",le="0.005"} 40
        orders_listener_batch_duration_seconds_bucket{otel_scope_name="Orders",topic="payments-events",le="+Inf"} 100
        orders_listener_batch_duration_seconds_sum{otel_scope_name="Orders",topic="payments-events"} 0.9
        orders_listener_batch_duration_seconds_count{otel_scope_name="Orders",topic="payments-events"} 100
        # TYPE orders_listener_record_age_seconds histogram
        orders_listener_record_age_seconds_bucket{otel_scope_name="Orders",topic="payments-events",le="+Inf"} 100
        orders_listener_record_age_seconds_sum{otel_scope_name="Orders",topic="payments-events"} 1.0
        orders_listener_record_age_seconds_count{otel_scope_name="Orders",topic="payments-events"} 80
        # TYPE orders_projection_records_total counter
        orders_projection_records_total{otel_scope_name="Orders",topic="payments-events"} 300
        # TYPE orders_lifecycle_duration_seconds histogram
        orders_lifecycle_duration_seconds_sum{otel_scope_name="Orders",outcome="shipped"} 30
        orders_lifecycle_duration_seconds_count{otel_scope_name="Orders",outcome="shipped"} 100
        """;

    private const string After = """
        orders_listener_batch_duration_seconds_sum{otel_scope_name="Orders",topic="payments-events"} 3.4
        orders_listener_batch_duration_seconds_count{otel_scope_name="Orders",topic="payments-events"} 600
        orders_listener_record_age_seconds_sum{otel_scope_name="Orders",topic="payments-events"} 6.4
        orders_listener_record_age_seconds_count{otel_scope_name="Orders",topic="payments-events"} 530
        orders_projection_records_total{otel_scope_name="Orders",topic="payments-events"} 2300
        orders_listener_batch_duration_seconds_sum{otel_scope_name="Orders",topic="orders-events"} 1.5
        orders_listener_batch_duration_seconds_count{otel_scope_name="Orders",topic="orders-events"} 50
        orders_listener_record_age_seconds_sum{otel_scope_name="Orders",topic="orders-events"} 20
        orders_listener_record_age_seconds_count{otel_scope_name="Orders",topic="orders-events"} 50
        orders_projection_records_total{otel_scope_name="Orders",topic="orders-events"} 5000
        """;

    [Fact]
    public void Given_an_exposition_When_parsed_Then_each_topics_batches_sums_and_records_are_read_and_other_histograms_ignored()
    {
        var totals = ListenerHops.Parse(Before);

        Assert.Equal(new ListenerTotals(100, 0.9, 80, 1.0, 300), Assert.Single(totals, t => t.Key == "payments-events").Value);
        Assert.Single(totals);
    }

    [Fact]
    public void Given_two_snapshots_When_compared_Then_each_listener_has_its_phases_batches_records_per_batch_and_mean_age_and_apply()
    {
        var hops = ListenerHops.Between("ordering", ListenerHops.Parse(Before), ListenerHops.Parse(After)).ToList();

        Assert.Equal(
        [
            new ListenerHop("ordering", "orders-events", 50, 100, 400, 30), // started in the phase: all of its totals are the phase's
            new ListenerHop("ordering", "payments-events", 500, 4, 12, 5), // 450 of its 500 batches with a timestamp to age by
        ], hops.Select(Rounded));
    }

    [Fact]
    public void Given_a_listener_that_applied_nothing_in_the_phase_When_compared_Then_it_is_left_out()
    {
        Assert.Empty(ListenerHops.Between("ordering", ListenerHops.Parse(Before), ListenerHops.Parse(Before)));
        Assert.Empty(ListenerHops.Parse("# TYPE http_server_active_requests gauge\nhttp_server_active_requests{} 0\n"));
    }

    private static ListenerHop Rounded(ListenerHop hop) =>
        hop with { RecordsPerBatch = Math.Round(hop.RecordsPerBatch, 6), AgeMsAvg = hop.AgeMsAvg is { } age ? Math.Round(age, 6) : null, ApplyMsAvg = Math.Round(hop.ApplyMsAvg, 6) };
}
