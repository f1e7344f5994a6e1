namespace Orders.Bench.Monitoring;

internal static class Ticks
{
    /// <summary>Next tick of a sampling loop; false once the bench asks the sampler to stop.</summary>
    public static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try { return await timer.WaitForNextTickAsync(stop); }
        catch (OperationCanceledException) { return false; }
    }
}
