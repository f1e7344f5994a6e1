using System.Diagnostics;

namespace Orders.Chaos.Faults;

/// <summary>
/// Injects a random mix of the chosen fault kinds while the load runs, and goes on until at least the minimum number
/// of faults is reached. Disruptive faults (a service or a database away) run one at a time in the background, so the
/// broker faults keep coming meanwhile; a fault that itself fails to be injected is reported, not counted, and made up for,
/// until <see cref="MaxFailuresInARow"/> attempts in a row have failed: then no fault can be injected, and trying on would
/// keep the run going forever once its load has ended. Every chosen kind is injected at least once: one whose injection
/// failed comes round again, and a run that ends with a kind never injected says so (it has not tested that fault).
/// </summary>
public sealed class FaultInjector(IFaultActions actions, IReadOnlyList<string> kinds, Random random)
{
    private readonly Dictionary<string, int> _injected = kinds.ToDictionary(k => k, _ => 0);
    private readonly SemaphoreSlim _oneDisruptionAtATime = new(1, 1);
    private readonly List<Task> _running = [];
    private readonly Stopwatch _clock = new();
    // Every kind once first (so a short run still covers the whole catalogue), then at random.
    private readonly Queue<string> _firstPass = new(kinds);

    public const int MaxFailuresInARow = 20;
    private int _failuresInARow;
    private bool GivingUp => Volatile.Read(ref _failuresInARow) >= MaxFailuresInARow;

    public IReadOnlyDictionary<string, int> Injected => _injected;
    public int Total { get { lock (_injected) return _injected.Values.Sum(); } }

    /// <summary>Why the injector stopped short of its minimum; null when it reached it.</summary>
    public string? GaveUp { get; private set; }

    public async Task RunAsync(Task load, int minFaults, TimeSpan interval, CancellationToken cancellation)
    {
        if (kinds.Count == 0) { await load; return; } // a run without faults: the load alone
        _clock.Start();
        // Pending faults count towards the minimum while they run; one that fails to be injected is made up for, also when it
        // was the last one and failed after the load had ended (a group reset timing out on a slow machine left 49 of 50).
        do
        {
            await InjectWhileLoadRunsAsync(load, minFaults, interval, cancellation);
            await Task.WhenAll(_running);
        } while ((Total < minFaults || FirstPassLeft) && !GivingUp);
        actions.ClearBrokerFaults();
        var never = kinds.Where(k => Injected[k] == 0).ToList();
        if (Total < minFaults || never.Count > 0)
        {
            GaveUp = $"gave up injecting after {MaxFailuresInARow} failed attempts in a row: {Total} of the minimum {minFaults} faults injected" +
                     (never.Count > 0 ? $", never {string.Join(", ", never)}" : "");
            Console.WriteLine($"chaos: {GaveUp}");
        }
    }

    private async Task InjectWhileLoadRunsAsync(Task load, int minFaults, TimeSpan interval, CancellationToken cancellation)
    {
        while (!GivingUp && (!load.IsCompleted || Total + Pending < minFaults || FirstPassLeft))
        {
            cancellation.ThrowIfCancellationRequested();
            var fromFirstPass = TryTakeFirstPass(out var first);
            var kind = fromFirstPass ? first! : kinds[random.Next(kinds.Count)];
            if (FaultCatalogNames.Disruptive.Contains(kind))
            {
                if (!await _oneDisruptionAtATime.WaitAsync(0, cancellation))
                {
                    if (fromFirstPass) ComeRoundAgain(kind); // its turn comes again once the disruption in progress is over
                    await Task.Delay(interval, cancellation);
                    continue;
                }
                Interlocked.Increment(ref _pending);
                _running.Add(Task.Run(async () =>
                {
                    try { await InjectAsync(kind, fromFirstPass, cancellation); }
                    finally { Interlocked.Decrement(ref _pending); _oneDisruptionAtATime.Release(); }
                }, cancellation));
            }
            else
            {
                Interlocked.Increment(ref _pending);
                try { await InjectAsync(kind, fromFirstPass, cancellation); }
                finally { Interlocked.Decrement(ref _pending); }
            }
            await Task.Delay(interval, cancellation);
        }
    }

    private int _pending;
    private int Pending => Volatile.Read(ref _pending);

    // The first pass is taken from by the loop and given back to by the disruptions running in the background.
    private bool FirstPassLeft { get { lock (_firstPass) return _firstPass.Count > 0; } }

    private bool TryTakeFirstPass(out string? kind) { lock (_firstPass) return _firstPass.TryDequeue(out kind); }

    private void ComeRoundAgain(string kind) { lock (_firstPass) _firstPass.Enqueue(kind); }

    private async Task InjectAsync(string kind, bool fromFirstPass, CancellationToken cancellation)
    {
        try
        {
            var what = await actions.InjectAsync(kind, cancellation);
            lock (_injected) _injected[kind]++;
            Interlocked.Exchange(ref _failuresInARow, 0);
            Console.WriteLine($"chaos: {_clock.Elapsed.TotalSeconds,6:0.0} s  fault #{Total,-3} {kind,-22} {what}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _failuresInARow);
            bool never;
            lock (_injected) never = _injected[kind] == 0;
            if (fromFirstPass && never) ComeRoundAgain(kind);
            Console.WriteLine($"chaos: {_clock.Elapsed.TotalSeconds,6:0.0} s  could not inject {kind}: {e.Message}");
        }
    }
}
