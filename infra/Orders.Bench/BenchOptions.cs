using System.Globalization;

namespace Orders.Bench;

/// <summary>
/// Every knob of `make bench`, read from environment variables so the full-size defaults stay the documented ones
/// while a developer can run short phases (docs/performance.md lists them).
/// </summary>
public sealed record BenchOptions
{
    public required string Repo { get; init; }
    public string Configuration { get; init; } = "Release";
    public string OutputDirectory { get; init; } = "bench-results";
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string> { "fixed", "max", "baseline", "rebuild" };
    public int WarmupSeconds { get; init; } = 15;
    public double WarmupRate { get; init; } = 20;
    public int DurationSeconds { get; init; } = 60;
    public double OfferedRate { get; init; } = 100;
    public int MaxInFlight { get; init; } = 1024;
    public int DrainSeconds { get; init; } = 60;
    public int RebuildEvents { get; init; } = 100_000;
    public int RebuildPartitions { get; init; } = 24;
    public TimeSpan DispatchDelay { get; init; } = TimeSpan.Zero;
    public int PostgresPort { get; init; } = 55433;
    public int AnalyzeThreshold { get; init; } = 100_000;
    public string AdminKey { get; init; } = "bench-admin-key";

    public static BenchOptions FromEnvironment()
    {
        var repo = Environment.GetEnvironmentVariable("BENCH_REPO") ?? FindRepo();
        return new BenchOptions
        {
            Repo = repo,
            Configuration = Env("CONFIGURATION") ?? "Release",
            OutputDirectory = Path.GetFullPath(Env("BENCH_OUT") ?? Path.Combine(repo, "bench-results")),
            Phases = Env("BENCH_PHASES") is { } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : new BenchOptions { Repo = repo }.Phases,
            WarmupSeconds = Int("BENCH_WARMUP", 15),
            WarmupRate = double.Parse(Env("BENCH_WARMUP_RATE") ?? "20", CultureInfo.InvariantCulture),
            DurationSeconds = Int("BENCH_DURATION", 60),
            OfferedRate = double.Parse(Env("BENCH_RATE") ?? "100", CultureInfo.InvariantCulture),
            MaxInFlight = Int("BENCH_MAX_INFLIGHT", 1024),
            DrainSeconds = Int("BENCH_DRAIN", 60),
            RebuildEvents = Int("BENCH_REBUILD_EVENTS", 100_000),
            RebuildPartitions = Int("BENCH_REBUILD_PARTITIONS", 24),
            DispatchDelay = TimeSpan.Parse(Env("BENCH_DISPATCH_DELAY") ?? "00:00:00", CultureInfo.InvariantCulture),
            PostgresPort = Int("BENCH_PG_PORT", 55433),
            AnalyzeThreshold = Int("BENCH_ANALYZE_THRESHOLD", 100_000) is >= 0 and var threshold ? threshold
                : throw new ArgumentOutOfRangeException("BENCH_ANALYZE_THRESHOLD", "changed rows before autoanalyze: 0 (PostgreSQL's default) or more"),
        };
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
    private static int Int(string name, int fallback) => Env(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The repository above this binary (the bench runs from its output folder).</summary>
    public static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orders.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository (Orders.sln) above the bench binary; set BENCH_REPO.");
    }
}
