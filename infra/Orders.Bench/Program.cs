// `make bench`: the Orders suite's lifecycle benchmark (docs/performance.md). Options come from BENCH_* variables.
using Orders.Bench;
using Orders.Bench.Baseline;
using Orders.Bench.Rebuild;
using Orders.Bench.Infrastructure;
using Orders.Bench.Load;
using Orders.Bench.Monitoring;
using Orders.Bench.Results;
using Orders.Kafka.Native;

ConfluentNativeLibrary.EnsureInstalled();
if (args is ["report", var saved]) return await ResultsWriter.RewriteAsync(saved); // tables and chart again from a saved JSON
var options = BenchOptions.FromEnvironment();
Directory.CreateDirectory(options.OutputDirectory);
var origin = DateTime.UtcNow;
Console.WriteLine($"bench: phases {string.Join(",", options.Phases)}; warm-up {options.WarmupSeconds} s, {options.DurationSeconds} s per phase, offered {options.OfferedRate}/s, " +
                  $"max mode {options.MaxInFlight} in flight; results in {options.OutputDirectory}");

await using var sampler = new ProcessSampler(origin);
sampler.Watch("bench", Environment.ProcessId);
sampler.WatchPostgres(options.PostgresPort);
var postgres = new Postgres(options);
var suite = new Suite(options, postgres);

try
{
    Console.WriteLine($"postgres: starting the bench's own cluster (infra/postgres.sh, port {options.PostgresPort})...");
    await postgres.StartAsync();
    var durability = await postgres.SettingsAsync();

    IReadOnlyList<PhaseResult> phases = [];
    if (options.Phases.Overlaps(["fixed", "max"])) phases = await new SuiteBench(options, postgres, suite, sampler, origin).RunAsync();
    BaselineResult? baseline = null;
    if (options.Phases.Contains("baseline")) baseline = await new RawBaseline(options, postgres, suite, sampler, origin).RunAsync();
    IReadOnlyList<RebuildMeasurement> rebuild = [];
    if (options.Phases.Contains("rebuild")) rebuild = await new RebuildBench(options, postgres, suite, sampler).RunAsync();
    await ResultsWriter.WriteAsync(options, origin, durability, phases, baseline, rebuild);
    return 0;
}
catch (BenchFailure failure)
{
    Console.Error.WriteLine($"bench: FAILED in phase {failure.Phase}: {failure.Message}");
    return 1;
}
finally
{
    await postgres.StopAsync();
}
