namespace Orders.ServiceDefaults.Batching;

/// <summary>What the readiness checks see of a batched listener (one that is not Wolverine's).</summary>
public interface IBatchedListenerStatus
{
    string Topic { get; }

    /// <summary>True while it is subscribed and consuming (including while it retries a batch the database refused).</summary>
    bool IsConsuming { get; }

    string Status { get; }

    /// <summary>
    /// True once, since the service started, its consumer group has committed every partition of the topic up to where
    /// the log ended at start-up: what was there has been applied, by this instance or a replica. Stays true afterwards
    /// (lag in normal operation is the readiness check's business).
    /// </summary>
    bool HasCaughtUp { get; }
}
