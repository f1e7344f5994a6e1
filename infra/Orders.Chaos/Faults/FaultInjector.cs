using System.Diagnostics;

namespace Orders.Chaos.Faults;

/// <summary>
/// Injects a random mix of the chosen fault kinds while the load runs, and goes on until at least the minimum number
/// of faults is reached. Disruptive faults (a service or a database away) run one at a time in the background, so the
/// broker faults keep coming meanwhile; a fault that itself fails to be injected is reported and not counted.
/// </summary>
public sealed class FaultInjector(FaultActions actions, IReadOnlyList<string> kinds, Random random)
{
    private readonly Dictionary<string, int> _injected = kinds.ToDictionary(k => k, _ => 0);
    private readonly SemaphoreSlim _oneDisruptionAtATime = new(1, 1);
    private readonly List<Task> _running = [];

    public IReadOnlyDictionary<string, int> Injected => _injected;
    public int Total { get { lock (_injected) return _injected.Values.Sum(); } }

    public async Task RunAsync(Task load, int minFaults, TimeSpan interval, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        // Every kind once first (so a short run still covers the whole catalogue), then at random.
        var firstPass = new Queue<string>(kinds);
        // Pending faults count towards the minimum while they run; one that fails to be injected is made up for.
        while (!load.IsCompleted || Total + Pending < minFaults || firstPass.Count > 0 || (Pending == 0 && Total < minFaults))
        {
            cancellation.ThrowIfCancellationRequested();
            var fromFirstPass = firstPass.Count > 0;
            var kind = fromFirstPass ? firstPass.Dequeue() : kinds[random.Next(kinds.Count)];
            if (FaultCatalogNames.Disruptive.Contains(kind))
            {
                if (!await _oneDisruptionAtATime.WaitAsync(0, cancellation))
                {
                    if (fromFirstPass) firstPass.Enqueue(kind); // its turn comes again once the disruption in progress is over
                    await Task.Delay(interval, cancellation);
                    continue;
                }
                Interlocked.Increment(ref _pending);
                _running.Add(Task.Run(async () =>
                {
                    try { await InjectAsync(kind, clock, cancellation); }
                    finally { Interlocked.Decrement(ref _pending); _oneDisruptionAtATime.Release(); }
                }, cancellation));
            }
            else
            {
                Interlocked.Increment(ref _pending);
                try { await InjectAsync(kind, clock, cancellation); }
                finally { Interlocked.Decrement(ref _pending); }
            }
            await Task.Delay(interval, cancellation);
        }
        await Task.WhenAll(_running);
        actions.ClearBrokerFaults();
    }

    private int _pending;
    private int Pending => Volatile.Read(ref _pending);

    private async Task InjectAsync(string kind, Stopwatch clock, CancellationToken cancellation)
    {
        try
        {
            var what = await actions.InjectAsync(kind, cancellation);
            lock (_injected) _injected[kind]++;
            Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0} s  fault #{Total,-3} {kind,-22} {what}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0} s  could not inject {kind}: {e.Message}");
        }
    }
}
