using System.Collections.Concurrent;

namespace Orders.Bench.Load;

/// <summary>One finished lifecycle: when the bench meant to start it, when it started, when Ordering recorded it shipped.</summary>
public sealed record Completion(Guid OrderId, DateTime Intended, DateTime Shipped)
{
    public double LatencyMs => (Shipped - Intended).TotalMilliseconds;
}

/// <summary>Matches shipped records with the orders the load generator started; counts what never finished.</summary>
public sealed class OrderTracker
{
    private readonly ConcurrentDictionary<Guid, DateTime> inFlight = new();
    private readonly ConcurrentQueue<Completion> completions = new();
    private readonly ConcurrentDictionary<string, int> failures = new();

    /// <summary>Called when an order ships (or its lifecycle failed); max-throughput mode frees a slot here.</summary>
    public event Action<DateTime>? Finished; // the order's intended start: a phase frees only its own slots

    public int InFlight => inFlight.Count;
    public IReadOnlyCollection<Completion> Completions => completions;
    public IReadOnlyDictionary<string, int> Failures => failures;
    public int Failed => failures.Values.Sum();

    public void Started(Guid orderId, DateTime intended) => inFlight[orderId] = intended;

    public void Shipped(Guid orderId, DateTime at)
    {
        if (!inFlight.TryRemove(orderId, out var intended)) return; // an order of an earlier phase, or not ours
        completions.Enqueue(new Completion(orderId, intended, at));
        Finished?.Invoke(intended);
    }

    public void Fail(Guid? orderId, DateTime intended, string reason)
    {
        if (orderId is { } id) inFlight.TryRemove(id, out _);
        failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Finished?.Invoke(intended);
    }
}
