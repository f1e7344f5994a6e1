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
    public static ShipmentDecision Decide(ShipOrder command, Shipment? existing, IReadOnlyCollection<string> unavailableSkus)
    {
        if (existing is not null) return ShipmentDecision.Nothing;

        var items = command.Lines.Select(l => new ShipmentItem(l.Sku, l.Quantity)).ToList();
        var missing = items.Select(i => i.Sku).Where(unavailableSkus.Contains).Distinct().ToList();
        if (missing.Count == 0) return new(new Shipment(command.OrderId, ShipmentStatus.Pending, items, null, null), [], ScheduleDispatch: true);

        var reason = $"The warehouse cannot pick {string.Join(", ", missing)}.";
        return new(new Shipment(command.OrderId, ShipmentStatus.Failed, items, null, reason), [new ShipmentFailed(command.OrderId, reason)]);
    }

    public static ShipmentDecision Decide(DispatchShipment command, Shipment? existing, string trackingNumber) => existing switch
    {
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
