namespace Shipping.Api.Shipments;

public enum ShipmentStatus { Pending, Dispatched, Cancelled, Failed }

public sealed record ShipmentItem(string Sku, int Quantity);

/// <summary>Whom to ship to: Shipping's decrypted copy, masked with "[erased]" when the customer is erased.</summary>
public sealed record ShipmentRecipient(string Name, string Street, string City, string PostalCode, string Country)
{
    private const string X = Orders.Contracts.Privacy.PersonalField.ErasedMarker;
    public static readonly ShipmentRecipient Erased = new(X, X, X, X, X);
    public bool IsErased => new[] { Name, Street, City, PostalCode, Country }.Contains(X);
}

/// <summary>
/// The one shipment of an order (document id = order id, so at most one per order). It waits
/// <c>Shipping:DispatchDelay</c> in the warehouse before it leaves, which is when it can still be cancelled.
/// </summary>
public sealed record Shipment(Guid Id, ShipmentStatus Status, IReadOnlyList<ShipmentItem> Items, string? TrackingNumber, string? Reason,
    string? CustomerId = null, ShipmentRecipient? Recipient = null)
{
    public Guid OrderId => Id;
}
