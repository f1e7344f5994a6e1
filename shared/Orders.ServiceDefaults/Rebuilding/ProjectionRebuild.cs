namespace Orders.ServiceDefaults.Rebuilding;

/// <summary><c>auto</c>: swap the rebuilt copy in only when it matches the live one; <c>always</c>; <c>never</c>: compare only.</summary>
public enum SwapMode { Auto, Always, Never }

/// <summary>What one rebuild read, how fast, how the copy compared with the live documents, and whether it was swapped in.</summary>
public sealed record RebuildReport(
    string Projection, long EventsRead, long Undecodable, double Seconds, double EventsPerSecond,
    int LiveDocuments, int RebuiltDocuments, IReadOnlyList<Guid> Differing, bool Swapped, long CaughtUp, string Summary);

/// <summary>
/// A projection a service can rebuild from offset 0 of its topics after a bug: into a fresh copy, compared with the
/// live one, swapped in only when they match or when asked. The live service keeps answering meanwhile.
/// Served by <c>POST /admin/projections/{name}/rebuild</c> (<see cref="ProjectionRebuilds"/>).
/// </summary>
public interface IProjectionRebuild
{
    /// <summary>The name in the admin route, e.g. <c>orders</c>, <c>payments</c>, <c>shipments</c>.</summary>
    string Name { get; }

    Task<RebuildReport> RunAsync(SwapMode mode, CancellationToken cancellation);
}
