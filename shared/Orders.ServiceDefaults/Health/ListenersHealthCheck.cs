using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Orders.ServiceDefaults.Health;

/// <summary>Ready only while every Kafka listener of the service is accepting messages.</summary>
internal sealed class ListenersHealthCheck(IWolverineRuntime runtime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var listeners = runtime.Endpoints.ActiveListeners()
            .Where(l => l.Uri.Scheme == "kafka")
            .ToList();
        var notAccepting = listeners.Where(l => l.Status != ListeningStatus.Accepting).Select(l => $"{l.Uri} is {l.Status}").ToList();
        var data = listeners.ToDictionary(l => l.Uri.ToString(), l => (object)l.Status.ToString());
        if (listeners.Count == 0) return Task.FromResult(HealthCheckResult.Unhealthy("No Kafka listener is running.", data: data));
        return Task.FromResult(notAccepting.Count == 0
            ? HealthCheckResult.Healthy($"{listeners.Count} Kafka listener(s) accepting", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", notAccepting), data: data));
    }
}
