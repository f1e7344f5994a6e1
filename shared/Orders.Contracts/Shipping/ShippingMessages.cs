using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;

namespace Orders.Contracts.Shipping;

// Commands to Shipping on `shipping-commands` and its facts on `shipping-events`, keyed by order id.

/// <summary>
/// v2 adds whom to ship to: the recipient's name and address, sealed (never the e-mail: Shipping does not need it).
/// <see cref="Recipient"/> is null for orders that never had personal data; its fields read as erased once the customer is.
/// </summary>
[MessageContract("shipping.ship-order", 2)]
public sealed record ShipOrder(Guid OrderId, IReadOnlyList<ShipmentLine> Lines, string? CustomerId = null, Recipient? Recipient = null) : IOrderMessage;

public sealed record Recipient(PersonalField Name, PostalAddress Address);

public sealed record ShipmentLine(string Sku, int Quantity);

/// <summary>Stop a shipment that has not left the warehouse yet; answered by <see cref="ShipmentCancelled"/> or not at all.</summary>
[MessageContract("shipping.cancel-shipment", 1)]
public sealed record CancelShipment(Guid OrderId, string Reason) : IOrderMessage;

[MessageContract("shipping.order-shipped", 1)]
public sealed record OrderDispatched(Guid OrderId, string TrackingNumber) : IOrderMessage;

[MessageContract("shipping.shipment-cancelled", 1)]
public sealed record ShipmentCancelled(Guid OrderId, string Reason) : IOrderMessage;

/// <summary>The warehouse cannot fulfil the shipment (an item it cannot pick): the order must be cancelled and refunded.</summary>
[MessageContract("shipping.shipment-failed", 1)]
public sealed record ShipmentFailed(Guid OrderId, string Reason) : IOrderMessage;
