using Orders.ServiceDefaults.Messaging;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Whether a batched listener tries a failed write again, and after how long. The database away for a moment is waited
/// out for as long as it takes; a conflict only <see cref="MaxConflictRetries"/> times. Each kind keeps its own count, so
/// a long outage spends none of the conflict retries (one shared count sent the first conflict after a long outage
/// straight to the dead letters).
/// </summary>
public sealed class ApplyRetries
{
    // A racing writer is gone after a retry or two; a conflict that outlasts ten (a unique index the handler does not
    // know of, say) is the record's, and goes the way of any other failure (one by one, then a dead letter).
    public const int MaxConflictRetries = 10;
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    private int _outages;
    private int _conflicts;

    /// <summary>Retries so far, of both kinds.</summary>
    public int Attempts => _outages + _conflicts;

    /// <summary>The pause before trying again after <paramref name="failure"/>, counted; null when it is not tried again.</summary>
    public TimeSpan? After(Exception failure)
    {
        if (TransientFailures.IsTransient(failure)) return Pause(_outages++);
        if (TransientFailures.IsConflict(failure) && _conflicts < MaxConflictRetries) return Pause(_conflicts++);
        return null;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, pausing as <see cref="After"/> says after each failure it tries
    /// again (<paramref name="onRetry"/> is told of each, with the retries so far); any other failure, or one while
    /// stopping, is the caller's.
    /// </summary>
    public async Task RunAsync(Func<Task> attempt, Action<Exception> onRetry, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested && After(e) is { } pause)
            {
                onRetry(e);
                await Task.Delay(pause, stopping);
            }
        }
    }

    private static TimeSpan Pause(int retry) => Backoff[Math.Min(retry, Backoff.Length - 1)];
}
