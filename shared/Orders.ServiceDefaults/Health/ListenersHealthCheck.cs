using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.ServiceDefaults.Batching;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Orders.ServiceDefaults.Health;

/// <summary>Ready only while every Kafka listener of the service (Wolverine's, and the batched listeners') is accepting messages.</summary>
internal sealed class ListenersHealthCheck(IWolverineRuntime runtime, IEnumerable<IBatchedListenerStatus> batched) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var listeners = runtime.Endpoints.ActiveListeners()
            .Where(l => l.Uri.Scheme == "kafka")
            .Select(l => (Name: l.Uri.ToString(), Accepting: l.Status == ListeningStatus.Accepting, Status: l.Status.ToString()))
            .Concat(batched.Select(p => (Name: $"batched://{p.Topic}", Accepting: p.IsConsuming, p.Status)))
            .ToList();
        var notAccepting = listeners.Where(l => !l.Accepting).Select(l => $"{l.Name} is {l.Status}").ToList();
        var data = listeners.ToDictionary(l => l.Name, l => (object)l.Status);
        if (listeners.Count == 0) return Task.FromResult(HealthCheckResult.Unhealthy("No Kafka listener is running.", data: data));
        return Task.FromResult(notAccepting.Count == 0
            ? HealthCheckResult.Healthy($"{listeners.Count} Kafka listener(s) accepting", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", notAccepting), data: data));
    }
}
