using System.Globalization;

namespace Orders.Bench.Monitoring;

/// <summary>One second of one process: CPU in percent of one core, resident memory in MB.</summary>
public sealed record ProcessSample(double Second, string Process, double CpuPercent, double RssMb);

/// <summary>
/// Reads /proc once a second: utime+stime of each watched process (and of all PostgreSQL's processes of the bench's
/// cluster together, the short-lived ones that exited between two reads included, see <see cref="GroupCpu"/>), VmHWM for the peak resident memory, and /proc/stat for how busy the whole machine was: the
/// box is shared, and a busy machine explains a noisy figure.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, Func<IReadOnlyList<int>>> watched = new();
    private readonly HashSet<string> reapingParents = []; // groups whose first process is the parent of the rest
    private readonly Dictionary<string, (Dictionary<int, SeenTicks> Ticks, double Reaped, DateTime At, double SinceBoot)> previous = new();
    private readonly Dictionary<string, double> peakRss = new();
    private readonly List<ProcessSample> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly DateTime origin;
    private readonly Task loop;
    private (long Busy, long Total)? previousMachine;

    public ProcessSampler(DateTime origin)
    {
        this.origin = origin;
        loop = Task.Run(LoopAsync);
    }

    public void Watch(string name, int pid) { lock (watched) watched[name] = () => [pid]; }
    public void WatchPostgres(int port)
    {
        lock (watched) { watched["postgres"] = () => PostgresPids(port); reapingParents.Add("postgres"); }
    }

    public IReadOnlyList<ProcessSample> Samples { get { lock (samples) return samples.ToList(); } }
    public IReadOnlyDictionary<string, double> PeakRssMb { get { lock (samples) return new Dictionary<string, double>(peakRss); } }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await Ticks.NextAsync(timer, stop.Token))
        {
            var second = (DateTime.UtcNow - origin).TotalSeconds;
            List<KeyValuePair<string, Func<IReadOnlyList<int>>>> current;
            lock (watched) current = watched.ToList();
            foreach (var (name, pids) in current)
            {
                // Several processes (PostgreSQL's backends) share memory: count private memory of each, shared once.
                double anon = 0, shared = 0, hwm = 0, reaped = 0;
                var count = 0;
                var now = DateTime.UtcNow;
                var sinceBoot = TicksSinceBoot(); // before the reads: a process started after it is new in the next read too
                var ticksNow = new Dictionary<int, double>();
                var startedAt = new Dictionary<int, double>();
                bool reaping;
                lock (watched) reaping = reapingParents.Contains(name);
                var group = pids();
                foreach (var pid in group)
                    if (Read(pid) is { } stat)
                    {
                        if (reaping && pid == group[0]) reaped = stat.ReapedTicks;
                        count++; ticksNow[pid] = stat.Ticks; startedAt[pid] = stat.StartTicks; anon += stat.AnonMb; shared = Math.Max(shared, stat.SharedMb); hwm = stat.HwmMb;
                    }
                if (count == 0 || (reaping && !ticksNow.ContainsKey(group[0]))) continue; // no parent read, no reaped ticks to compare
                var rss = anon + shared;
                if (count > 1) hwm = 0; // a single process's VmHWM is exact; for a group only the sampled sum is meaningful
                lock (samples)
                {
                    // Forgotten (or replaced) while it was being read: its figures belong to a process that has gone.
                    lock (watched) if (!watched.TryGetValue(name, out var still) || still != pids) continue;
                    peakRss[name] = Math.Max(peakRss.GetValueOrDefault(name), Math.Max(hwm, rss));
                    var known = previous.TryGetValue(name, out var before);
                    if (known)
                    {
                        var delta = GroupCpu.TicksBetween(before.Ticks, ticksNow, reaped - before.Reaped);
                        samples.Add(new ProcessSample(second, name, delta / TicksPerSecond / (now - before.At).TotalSeconds * 100, rss));
                    }
                    // Born since the previous read: started after it began (for the first read, nobody: their past is not the watch's).
                    var born = known ? startedAt.Where(p => p.Value >= before.SinceBoot).Select(p => p.Key).ToHashSet() : [];
                    previous[name] = (GroupCpu.Seen(known ? before.Ticks : null, ticksNow, born), reaped, now, sinceBoot);
                }
            }
            if (MachineTicks() is { } machine)
            {
                if (previousMachine is { } m && machine.Total > m.Total)
                    lock (samples) samples.Add(new ProcessSample(second, "machine", 100.0 * (machine.Busy - m.Busy) / (machine.Total - m.Total) * Environment.ProcessorCount, 0));
                previousMachine = machine;
            }
        }
    }

    /// <summary>
    /// Forget a process: its previous tick count and its peak memory, so a later process under the same name (a
    /// service restarted for the next phase) reports only its own.
    /// </summary>
    public void Forget(string name)
    {
        // Unwatched first: a sample read before this can then no longer be recorded after the clean-up below.
        lock (watched) { watched.Remove(name); reapingParents.Remove(name); }
        lock (samples) { previous.Remove(name); peakRss.Remove(name); }
    }

    private static (double Ticks, double ReapedTicks, double StartTicks, double AnonMb, double SharedMb, double HwmMb)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            // cutime + cstime: the children this process has reaped (waited for), their whole lives
            var reaped = double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture);
            var started = double.Parse(fields[19], CultureInfo.InvariantCulture); // starttime: ticks after boot
            double anon = 0, file = 0, shmem = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("RssAnon:")) anon = Kb(line);
                else if (line.StartsWith("RssFile:")) file = Kb(line);
                else if (line.StartsWith("RssShmem:")) shmem = Kb(line);
                else if (line.StartsWith("VmHWM:")) hwm = Kb(line);
            }
            return (ticks, reaped, started, anon, file + shmem, hwm);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static double Kb(string line) => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    /// <summary>Now, in the clock ticks after boot that /proc/&lt;pid&gt;/stat's starttime counts in.</summary>
    private static double TicksSinceBoot() =>
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture) * TicksPerSecond;

    private static (long Busy, long Total)? MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        return (total - idle, total);
    }

    /// <summary>
    /// The postmaster listening on this port and its backends (children). The server's own executable, not any command
    /// line naming the port: a <c>psql -p 55432 -U postgres</c> beside a run once stood in for the server, and PostgreSQL's
    /// CPU read 0%.
    /// </summary>
    private static IReadOnlyList<int> PostgresPids(int port)
    {
        var postmaster = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0).Where(p => p > 0)
            .FirstOrDefault(p => SafeRead($"/proc/{p}/cmdline").Split('\0') is { Length: > 0 } args
                && Path.GetFileName(args[0]) == "postgres" && string.Join(' ', args).Contains($"-p {port}"));
        if (postmaster == 0) return [];
        var children = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0).Where(p => p > 0)
            .Where(p => SafeRead($"/proc/{p}/stat") is { Length: > 0 } s && s[(s.LastIndexOf(')') + 2)..].Split(' ')[1] == postmaster.ToString());
        return [postmaster, .. children];
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
