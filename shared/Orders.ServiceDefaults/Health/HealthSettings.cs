namespace Orders.ServiceDefaults.Health;

/// <summary>
/// How far behind a replica may be and still take reads: section <c>Health</c> (environment: <c>Health__MaxConsumerLag</c>).
/// The defaults are generous so a replica that is merely busy stays in rotation; production tightens them per workload.
/// </summary>
public sealed class HealthSettings
{
    public const string Section = "Health";

    /// <summary>Records on the service's topics not yet committed by its consumer groups, summed per topic.</summary>
    public long MaxConsumerLag { get; set; } = 10_000;

    /// <summary>
    /// Messages received into the durable inbox but not yet handled: customers-events' erasures and Shipping's dispatches.
    /// The order topics' batched listeners keep no inbox; their backlog is <see cref="MaxConsumerLag"/>'s business.
    /// </summary>
    public long MaxInboxDepth { get; set; } = 10_000;

    /// <summary>How long a measurement is reused: probes from several kubelets must not each hit the broker and database.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
}
