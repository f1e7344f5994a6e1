using Orders.Bench.Monitoring;

namespace Orders.UnitTests.Bench;

/// <summary>The bench's reading of a service's GC counters from its Prometheus exposition.</summary>
public class GcCountersTests
{
    // As a service's /metrics writes them (OpenTelemetry's Prometheus exporter, the runtime's meter), other metrics between.
    private const string Exposition = """
        # TYPE dotnet_gc_collections_total counter
        # HELP dotnet_gc_collections_total The number of garbage collections that have occurred since the process has started.
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 3
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen1"} 12
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 38
        # TYPE dotnet_gc_heap_total_allocated_bytes_total counter
        dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 1.5E+09
        # TYPE dotnet_gc_pause_time_seconds_total counter
        dotnet_gc_pause_time_seconds_total{otel_scope_name="System.Runtime"} 0.588123 1733036400000
        # TYPE dotnet_jit_compilation_time_seconds_total counter
        dotnet_jit_compilation_time_seconds_total{otel_scope_name="System.Runtime"} 20.5901592
        # TYPE dotnet_jit_compiled_methods_total counter
        dotnet_jit_compiled_methods_total{otel_scope_name="System.Runtime"} 61234
        """;

    [Fact]
    public void Given_a_services_exposition_When_parsed_Then_each_generations_count_the_pause_time_and_the_JIT_time_are_read()
    {
        var snapshot = GcCounters.Parse(Exposition);

        Assert.Equal(new GcSnapshot(38, 12, 3, 0.588123, 20.5901592), snapshot);
    }

    [Fact]
    public void Given_an_exposition_without_the_JIT_counter_When_parsed_Then_the_collections_are_read_and_the_JIT_time_is_unknown()
    {
        var snapshot = GcCounters.Parse(string.Join('\n', Exposition.Split('\n').Where(line => !line.Contains("jit_compilation_time"))));

        Assert.Equal(new GcSnapshot(38, 12, 3, 0.588123, null), snapshot);
    }

    [Fact]
    public void Given_an_exposition_without_the_runtimes_counters_When_parsed_Then_there_is_no_snapshot_rather_than_zeros()
    {
        Assert.Null(GcCounters.Parse("# TYPE http_server_request_duration_seconds histogram\nhttp_server_active_requests{} 0\n"));
        Assert.Null(GcCounters.Parse(string.Join('\n', Exposition.Split('\n').Where(line => !line.Contains("pause_time")))));
    }

    [Fact]
    public void Given_two_snapshots_of_a_phase_When_compared_Then_the_phase_gets_the_differences_and_its_pause_as_a_share_of_its_time()
    {
        var before = new GcSnapshot(10, 2, 1, 0.100, 20.5);
        var after = new GcSnapshot(48, 14, 2, 0.700, 20.75);

        var usage = after.Since(before, "payment", phaseSeconds: 60);

        Assert.Equal("payment", usage.Service);
        Assert.Equal((38, 12, 1), (usage.Gen0, usage.Gen1, usage.Gen2));
        Assert.Equal(600, usage.PauseMs, precision: 6);
        Assert.Equal(1.0, usage.PausePercent, precision: 6);
        Assert.Equal(250, usage.JitMs!.Value, precision: 6);
    }
}
