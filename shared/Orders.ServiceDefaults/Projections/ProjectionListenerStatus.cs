namespace Orders.ServiceDefaults.Projections;

/// <summary>What the readiness checks see of a projection listener that is not one of Wolverine's.</summary>
public interface IProjectionListenerStatus
{
    string Topic { get; }

    /// <summary>True while it is subscribed and consuming (including while it retries a batch the database refused).</summary>
    bool IsConsuming { get; }

    string Status { get; }
}
