using System.Collections.Concurrent;

namespace Orders.Bench.Load;

/// <summary>One finished lifecycle: when the bench meant to start it, when it started, when Ordering recorded it shipped.</summary>
public sealed record Completion(Guid OrderId, DateTime Intended, DateTime Shipped)
{
    public double LatencyMs => (Shipped - Intended).TotalMilliseconds;
}

/// <summary>
/// Matches the records that end a lifecycle with the orders the load generator started: shipped (a completion),
/// cancelled (it ended without shipping), or neither (still in flight, and unfinished if the drain ends first).
/// </summary>
public sealed class OrderTracker
{
    private readonly ConcurrentDictionary<Guid, DateTime> inFlight = new();
    private readonly ConcurrentQueue<Completion> completions = new();
    private readonly ConcurrentDictionary<string, int> failures = new();
    private readonly ConcurrentQueue<DateTime> cancellations = new(); // the intended start of each order that ended cancelled

    /// <summary>Called when an order's lifecycle ends (shipped, cancelled or failed); max-throughput mode frees a slot here.</summary>
    public event Action<DateTime>? Finished; // the order's intended start: a phase frees only its own slots

    public int InFlight => inFlight.Count;
    public IReadOnlyCollection<Completion> Completions => completions;
    public IReadOnlyDictionary<string, int> Failures => failures;
    public IReadOnlyCollection<DateTime> Cancellations => cancellations;
    public int Failed => failures.Values.Sum();

    /// <summary>The failures counted since <paramref name="before"/> (a snapshot of <see cref="Failures"/>), by reason.</summary>
    public IReadOnlyDictionary<string, int> FailuresSince(IReadOnlyDictionary<string, int> before) =>
        failures.Select(f => (f.Key, Count: f.Value - before.GetValueOrDefault(f.Key))).Where(f => f.Count > 0).ToDictionary(f => f.Key, f => f.Count);

    public void Started(Guid orderId, DateTime intended) => inFlight[orderId] = intended;

    public void Shipped(Guid orderId, DateTime at)
    {
        if (!inFlight.TryRemove(orderId, out var intended)) return; // an order of an earlier phase, or not ours
        completions.Enqueue(new Completion(orderId, intended, at));
        Finished?.Invoke(intended);
    }

    /// <summary>The order ended cancelled (Ordering's payment deadline, say): over, but not a completion.</summary>
    public void Cancelled(Guid orderId)
    {
        if (!inFlight.TryRemove(orderId, out var intended)) return; // shipped first, of an earlier phase, or not ours
        cancellations.Enqueue(intended);
        Finished?.Invoke(intended);
    }

    public void Fail(Guid? orderId, DateTime intended, string reason)
    {
        if (orderId is { } id) inFlight.TryRemove(id, out _);
        failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Finished?.Invoke(intended);
    }
}
