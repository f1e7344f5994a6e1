using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orders.ServiceDefaults.Health;

/// <summary>Reuses one measurement for a while and lets only one caller measure at a time.</summary>
internal sealed class CachedCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> GetAsync(TimeSpan cacheFor, Func<CancellationToken, Task<HealthCheckResult>> measure, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && DateTimeOffset.UtcNow - last.At < cacheFor) return last.Result;
            var result = await measure(cancellationToken);
            _last = (result, DateTimeOffset.UtcNow);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
