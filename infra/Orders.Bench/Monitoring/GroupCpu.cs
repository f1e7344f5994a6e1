namespace Orders.Bench.Monitoring;

/// <summary>
/// A process of a group as the sampler has seen it: <paramref name="Uncounted"/> is the part of its life before its
/// first sighting that belongs to the watch (all of it for a process born after the read before that sighting, none
/// for one that was already running), <paramref name="Last"/> its CPU ticks at the last read.
/// </summary>
public readonly record struct SeenTicks(double Uncounted, double Last);

/// <summary>
/// The CPU ticks a group of processes used between two reads of /proc. A process counts from its second read on: one
/// that just appeared brings all its past ticks with it, which are not this second's work. A group whose parent reaps
/// its children (PostgreSQL's postmaster) also counts the children that have exited: the parent's reaped-children ticks
/// hold each one's whole life, of which only the part after its last read, and the uncounted part before its first
/// sighting if it was born while watched, are this watch's and not yet counted. So a child that lived less than a
/// second between two reads, an autovacuum worker, counts too (5–12% of a core in a bench phase, docs/performance.md,
/// step 44), and a backend closed at a phase's end counts once. Its life before the watch, or before a read that
/// missed it, is never counted again: a full run of step 45 had a second of 3,872% of a core for PostgreSQL, backends'
/// earlier lives counted at their exit.
/// </summary>
public static class GroupCpu
{
    public static double TicksBetween(IReadOnlyDictionary<int, SeenTicks> before, IReadOnlyDictionary<int, double> now, double reapedTicks)
    {
        double delta = 0;
        foreach (var (pid, ticks) in now)
            if (before.TryGetValue(pid, out var seen) && ticks >= seen.Last) delta += ticks - seen.Last;
        var notThisSecondsOfExited = before.Where(p => !now.ContainsKey(p.Key)).Sum(p => p.Value.Last - p.Value.Uncounted);
        return delta + Math.Max(0, reapedTicks - notThisSecondsOfExited);
    }

    /// <summary>
    /// This read's processes: one seen before keeps what it had; a new one born since the previous read
    /// (<paramref name="bornSincePreviousRead"/>) keeps its ticks so far as uncounted, one already running when it was
    /// first seen (the watch's first read, or a read that missed it) nothing.
    /// </summary>
    public static Dictionary<int, SeenTicks> Seen(IReadOnlyDictionary<int, SeenTicks>? before, IReadOnlyDictionary<int, double> now,
        IReadOnlySet<int> bornSincePreviousRead) =>
        now.ToDictionary(p => p.Key, p => new SeenTicks(
            before is not null && before.TryGetValue(p.Key, out var seen) ? seen.Uncounted
                : bornSincePreviousRead.Contains(p.Key) ? p.Value : 0,
            p.Value));
}
