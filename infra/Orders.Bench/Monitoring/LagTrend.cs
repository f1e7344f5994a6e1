namespace Orders.Bench.Monitoring;

/// <summary>A consumer group whose lag climbed through a phase: the lowest of the last third above the highest of the first.</summary>
public sealed record FellBehind(string Group, long EarlyHighest, long LateLowest);

/// <summary>
/// Whether each consumer group kept up through a phase. A throughput that some consumer could not follow is not
/// sustained: that consumer's read model or effects fall further behind every second (the OrderView projection did, in
/// step 24 of docs/performance.md, while the lifecycle ran faster).
/// <para>
/// Lag here is the log's end minus the committed offset, and the services commit every few seconds, so a group that
/// keeps up draws a sawtooth whose floor stays put, while one that falls behind draws a floor that climbs. The test:
/// the lowest lag of the phase's last third is above the highest of its first third. A group that keeps up cannot pass
/// it (right after a commit its lag is at most a second of records, below the few seconds of records it reaches before
/// the next); one that falls behind by more than a commit interval's worth over the phase does.
/// </para>
/// </summary>
public static class LagTrend
{
    /// <summary>Fewer samples than this in a third says nothing about a trend.</summary>
    public const int MinimumSamplesPerThird = 5;

    /// <summary>The groups that fell behind; null when there were too few samples to judge (which is not "every group followed").</summary>
    public static IReadOnlyList<FellBehind>? Of(IReadOnlyList<KafkaSample> samples, IEnumerable<WatchedGroup> groups)
    {
        var ordered = samples.OrderBy(s => s.Second).ToList();
        var third = ordered.Count / 3;
        if (third < MinimumSamplesPerThird) return null;
        var early = ordered.Take(third).ToList();
        var late = ordered.Skip(ordered.Count - third).ToList();
        return groups
            .Select(g => new FellBehind(g.Group, early.Max(s => s.Lag(g)), late.Min(s => s.Lag(g))))
            .Where(f => f.LateLowest > f.EarlyHighest)
            .ToList();
    }
}
