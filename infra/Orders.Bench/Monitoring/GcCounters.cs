using Orders.Bench.Results;

namespace Orders.Bench.Monitoring;

/// <summary>
/// A service's garbage collections since it started, as its Prometheus endpoint counts them, and the time its JIT spent
/// compiling (null where the endpoint has no such counter).
/// </summary>
public sealed record GcSnapshot(long Gen0, long Gen1, long Gen2, double PauseSeconds, double? JitSeconds = null)
{
    /// <summary>The collections between two snapshots of one process: what a phase cost that service.</summary>
    public GcUsage Since(GcSnapshot before, string service, double phaseSeconds) =>
        new(service, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, (PauseSeconds - before.PauseSeconds) * 1000,
            phaseSeconds > 0 ? (PauseSeconds - before.PauseSeconds) / phaseSeconds * 100 : 0,
            JitSeconds - before.JitSeconds is { } jit ? jit * 1000 : null);
}

/// <summary>
/// Reads the runtime's GC counters from a service's <c>/metrics</c> (the .NET runtime's <c>dotnet.gc.collections</c> by
/// generation and <c>dotnet.gc.pause.time</c>, exported by the services' OpenTelemetry runtime instrumentation). Read
/// once before and once after a phase, never during it: scraped every second, the endpoint itself showed in the p99
/// (docs/performance.md, step 32). A collection stalls every message its service holds, so a phase's pause time is one
/// place its tail can come from. The JIT's time (<c>dotnet.jit.compilation.time</c>) says whether the phase still ran
/// code the runtime was recompiling at its higher tier (step 39).
/// </summary>
public static class GcCounters
{
    private const string Collections = "dotnet_gc_collections_total";
    private const string Pause = "dotnet_gc_pause_time_seconds_total";
    private const string Jit = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>The counters in a Prometheus text exposition; null when it has none of them (an older service, another exporter).</summary>
    public static GcSnapshot? Parse(string exposition)
    {
        long gen0 = 0, gen1 = 0, gen2 = 0;
        double? pause = null, jit = null;
        var any = false;
        foreach (var line in PrometheusText.Samples(exposition))
        {
            if (line.StartsWith(Collections + "{", StringComparison.Ordinal) && PrometheusText.Value(line) is { } count)
            {
                any = true;
                var generation = PrometheusText.Label(line, "gc_heap_generation");
                if (generation == "gen0") gen0 = (long)count;
                else if (generation == "gen1") gen1 = (long)count;
                else if (generation == "gen2") gen2 = (long)count;
            }
            else if (PrometheusText.IsSample(line, Pause) && PrometheusText.Value(line) is { } seconds)
                pause = seconds;
            else if (PrometheusText.IsSample(line, Jit) && PrometheusText.Value(line) is { } compiling)
                jit = compiling;
        }
        return any && pause is { } total ? new GcSnapshot(gen0, gen1, gen2, total, jit) : null;
    }
}
