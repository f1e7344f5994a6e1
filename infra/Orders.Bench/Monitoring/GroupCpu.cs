namespace Orders.Bench.Monitoring;

/// <summary>A process of a group as the sampler has seen it: its CPU ticks when first seen and at the last read.</summary>
public readonly record struct SeenTicks(double First, double Last);

/// <summary>
/// The CPU ticks a group of processes used between two reads of /proc. A process counts from its second read on: one
/// that just appeared brings all its past ticks with it, which are not this second's work. A group whose parent reaps
/// its children (PostgreSQL's postmaster) also counts the children that have exited: the parent's reaped-children ticks
/// hold each one's whole life, of which the reads counted the part between its first and last sighting. So a child that
/// lived less than a second between two reads, an autovacuum worker, counts too (5–12% of a core in a bench phase,
/// docs/performance.md, step 44), and a backend closed at a phase's end counts once.
/// </summary>
public static class GroupCpu
{
    public static double TicksBetween(IReadOnlyDictionary<int, SeenTicks> before, IReadOnlyDictionary<int, double> now, double reapedTicks)
    {
        double delta = 0;
        foreach (var (pid, ticks) in now)
            if (before.TryGetValue(pid, out var seen) && ticks >= seen.Last) delta += ticks - seen.Last;
        var countedOfExited = before.Where(p => !now.ContainsKey(p.Key)).Sum(p => p.Value.Last - p.Value.First);
        return delta + Math.Max(0, reapedTicks - countedOfExited);
    }

    /// <summary>This read's processes, each keeping the ticks it had when first seen.</summary>
    public static Dictionary<int, SeenTicks> Seen(IReadOnlyDictionary<int, SeenTicks>? before, IReadOnlyDictionary<int, double> now) =>
        now.ToDictionary(p => p.Key, p => new SeenTicks(before is not null && before.TryGetValue(p.Key, out var seen) ? seen.First : p.Value, p.Value));
}
