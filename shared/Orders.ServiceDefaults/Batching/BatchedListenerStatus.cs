namespace Orders.ServiceDefaults.Batching;

/// <summary>What the readiness checks see of a batched listener (one that is not Wolverine's).</summary>
public interface IBatchedListenerStatus
{
    string Topic { get; }

    /// <summary>True while it is subscribed and consuming (including while it retries a batch the database refused).</summary>
    bool IsConsuming { get; }

    string Status { get; }
}
