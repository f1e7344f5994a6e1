using Orders.Contracts.Shipping;

namespace Shipping.Api.Shipments;

/// <summary>Asks the warehouse to send a pending shipment on its way (a scheduled, local message).</summary>
public sealed record DispatchShipment(Guid OrderId);

public sealed record ShipmentDecision(Shipment? Shipment, IReadOnlyList<object> Events, bool ScheduleDispatch = false)
{
    public static readonly ShipmentDecision Nothing = new(null, []);
}

/// <summary>Shipping's rules. Every command may arrive twice; a repeat decides nothing.</summary>
public static class ShipmentDecider
{
    public const string RecipientErased = "The recipient's personal data was erased: there is no address to ship to.";

    /// <summary>
    /// A request whose recipient was erased (the customer asked to be forgotten before the parcel left) cannot be shipped:
    /// it is cancelled at once, and the order's saga compensates (refund) as for any shipment that was stopped. A request
    /// holding an item the warehouse cannot pick fails, and the saga cancels and refunds the order.
    /// </summary>
    public static ShipmentDecision Decide(ShipOrder command, Shipment? existing, IReadOnlyCollection<string> unavailableSkus)
    {
        if (existing is not null) return ShipmentDecision.Nothing;
        var items = command.Lines.Select(l => new ShipmentItem(l.Sku, l.Quantity)).ToList();
        var recipient = RecipientOf(command);
        if (recipient is { IsErased: true })
            return new(new Shipment(command.OrderId, ShipmentStatus.Cancelled, items, null, RecipientErased, command.CustomerId, recipient),
                [new ShipmentCancelled(command.OrderId, RecipientErased)]);

        var missing = items.Select(i => i.Sku).Where(unavailableSkus.Contains).Distinct().ToList();
        if (missing.Count == 0)
            return new(new Shipment(command.OrderId, ShipmentStatus.Pending, items, null, null, command.CustomerId, recipient), [], ScheduleDispatch: true);

        var reason = $"The warehouse cannot pick {string.Join(", ", missing)}.";
        return new(new Shipment(command.OrderId, ShipmentStatus.Failed, items, null, reason, command.CustomerId, recipient), [new ShipmentFailed(command.OrderId, reason)]);
    }

    /// <summary>
    /// A ship request when the warehouse has no picking time: a shipment that would wait for its dispatch is dispatched in
    /// the same decision (one transaction instead of a second message). Anything else is decided as above.
    /// </summary>
    public static ShipmentDecision DecideWithoutPickingTime(ShipOrder command, Shipment? existing, IReadOnlyCollection<string> unavailableSkus)
    {
        var requested = Decide(command, existing, unavailableSkus);
        if (!requested.ScheduleDispatch) return requested;
        var dispatched = Decide(new DispatchShipment(command.OrderId), requested.Shipment, TrackingNumberFor(command.OrderId));
        return new(dispatched.Shipment, [.. requested.Events, .. dispatched.Events]);
    }

    /// <summary>The recipient in clear, as this service keeps it (or erased, when the customer's keys are gone).</summary>
    public static ShipmentRecipient? RecipientOf(ShipOrder command) => command.Recipient is { } r
        ? new ShipmentRecipient(r.Name.Reveal(), r.Address.Street.Reveal(), r.Address.City.Reveal(), r.Address.PostalCode.Reveal(), r.Address.Country.Reveal())
        : null;

    public static ShipmentDecision Decide(DispatchShipment command, Shipment? existing, string trackingNumber) => existing switch
    {
        // Erased while in the warehouse: the parcel has no address any more, so it does not leave.
        { Status: ShipmentStatus.Pending, Recipient.IsErased: true } s => new(s with { Status = ShipmentStatus.Cancelled, Reason = RecipientErased },
            [new ShipmentCancelled(s.OrderId, RecipientErased)]),
        { Status: ShipmentStatus.Pending } s => new(s with { Status = ShipmentStatus.Dispatched, TrackingNumber = trackingNumber },
            [new OrderDispatched(s.OrderId, trackingNumber)]),
        _ => ShipmentDecision.Nothing,
    };

    public static ShipmentDecision Decide(CancelShipment command, Shipment? existing) => existing switch
    {
        { Status: ShipmentStatus.Pending } s => new(s with { Status = ShipmentStatus.Cancelled, Reason = command.Reason },
            [new ShipmentCancelled(s.OrderId, command.Reason)]),
        // Cancelled before the ship request arrived: the tombstone makes the late request a no-op.
        null => new(new Shipment(command.OrderId, ShipmentStatus.Cancelled, [], null, command.Reason),
            [new ShipmentCancelled(command.OrderId, command.Reason)]),
        // Already on its way (the order will be reported shipped) or already cancelled.
        _ => ShipmentDecision.Nothing,
    };

    /// <summary>A tracking number derived from the order id, so a replay or restore yields the same one.</summary>
    public static string TrackingNumberFor(Guid orderId) => "TRK-" + orderId.ToString("N")[..12].ToUpperInvariant();
}
