namespace Orders.Chaos.Faults;

/// <summary>What the <see cref="FaultInjector"/> needs of the faults themselves: so its schedule can be tested on its own.</summary>
public interface IFaultActions
{
    /// <summary>Injects one fault of this kind and says what it did; throws when the fault could not be injected.</summary>
    Task<string> InjectAsync(string kind, CancellationToken cancellation);

    /// <summary>Undoes whatever a fault may have left behind.</summary>
    void ClearBrokerFaults();
}
