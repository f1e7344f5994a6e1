namespace Orders.Bench.Results;

public sealed record Latency(double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Latency Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}

public sealed record ServiceRates(double InPerSecond, double OutPerSecond);

public sealed record ProcessUsage(string Process, double CpuPercentAvg, double CpuPercentMax, double PeakRssMb);

/// <summary>
/// A service's garbage collections in a phase: how many of each generation, and the time its threads stood still; and
/// the time its JIT compiled (null when a snapshot lacked it).
/// </summary>
public sealed record GcUsage(string Service, long Gen0, long Gen1, long Gen2, double PauseMs, double PausePercent, double? JitMs = null);

/// <summary>
/// A batched listener in a phase: its batches, the records in each on average, the mean age of a batch's oldest record
/// when polled (null when no record carried a timestamp), and the mean time to apply a batch.
/// </summary>
public sealed record ListenerHop(string Service, string Topic, long Batches, double RecordsPerBatch, double? AgeMsAvg, double ApplyMsAvg);

/// <summary>One second of a phase, for the chart and for reading how the run evolved.</summary>
public sealed record TimelinePoint(double Second, int Completed, double? P99Ms, IReadOnlyDictionary<string, long> Lag);

public sealed record PhaseResult(
    string Name,
    string Mode,
    double? OfferedRate,
    double DurationSeconds,
    long Started,
    long Completed,
    long CompletedInWindow,
    long Failed,
    IReadOnlyDictionary<string, int> Failures,
    long NotFinished,
    double OrdersPerSecond,
    Latency Latency,
    IReadOnlyDictionary<string, ServiceRates> MessagesPerSecond,
    double? PostgresTransactionsPerOrder,
    IReadOnlyList<ProcessUsage> Processes,
    double MachineCpuPercentAvg,
    IReadOnlyDictionary<string, long> MaxLag,
    IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyList<Monitoring.LifecycleStep>? Steps, // null in results saved before the bench measured steps
    IReadOnlyList<Monitoring.FellBehind>? FellBehind = null, // consumer groups that could not follow the phase; null when not judged (too few lag samples, or saved before the bench judged it)
    long? Cancelled = null, // orders that ended cancelled, not shipped (not in Completed, not in NotFinished); null in results saved before the bench counted them
    IReadOnlyList<GcUsage>? Collections = null, // each service's garbage collections in the phase; a service whose /metrics did not answer is left out; null in results saved before the bench read them
    IReadOnlyList<ListenerHop>? Listeners = null); // each batched listener's batches in the phase, from the same scrapes; null in results saved before the bench read them

/// <param name="SkippedRecords">Records a stage never read because it fell behind the broker's retention (none when every stage kept up).</param>
/// <param name="FellBehind">Stages whose lag climbed through the window; null when too few samples to judge, or in results saved before the bench judged it.</param>
public sealed record BaselineResult(int Orders, double Seconds, double OrdersPerSecond, Latency Latency, IReadOnlyList<ProcessUsage> Processes, double MachineCpuPercentAvg, string Work,
    IReadOnlyDictionary<string, long>? SkippedRecords = null, IReadOnlyList<Monitoring.FellBehind>? FellBehind = null);

public sealed record RebuildMeasurement(string Service, string What, long Events, double Seconds, double EventsPerSecond, string Note);

public sealed record TargetCheck(string Target, string Measured, bool Met);

public sealed record BenchResults(
    DateTime StartedAt,
    string Machine,
    string Durability,
    IReadOnlyDictionary<string, string> Options,
    double? OrdersPerSecond,
    double? LatencyP99Ms,
    double? RebuildEventsPerSecond,
    double? BaselineRatio,
    double? BaselineOrdersPerSecond,
    IReadOnlyList<PhaseResult> Phases,
    BaselineResult? Baseline,
    IReadOnlyList<RebuildMeasurement> Rebuild,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<string> Notes);
