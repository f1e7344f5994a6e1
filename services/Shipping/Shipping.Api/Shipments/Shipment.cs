namespace Shipping.Api.Shipments;

public enum ShipmentStatus { Pending, Dispatched, Cancelled, Failed }

public sealed record ShipmentItem(string Sku, int Quantity);

/// <summary>
/// The one shipment of an order (document id = order id, so at most one per order). It waits
/// <c>Shipping:DispatchDelay</c> in the warehouse before it leaves, which is when it can still be cancelled.
/// </summary>
public sealed record Shipment(Guid Id, ShipmentStatus Status, IReadOnlyList<ShipmentItem> Items, string? TrackingNumber, string? Reason)
{
    public Guid OrderId => Id;
}
