namespace Orders.Bench.Infrastructure;

/// <summary>A phase that cannot go on (a process did not start, a service never got ready): the bench stops and says why.</summary>
public sealed class BenchFailure(string phase, string message) : Exception($"[{phase}] {message}")
{
    public string Phase { get; } = phase;
}
