using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;

namespace Orders.Contracts.Ordering;

// Facts about one order, written by Ordering to `orders-events`, keyed by order id.
// Published contracts: never rename a field or change its meaning; add a new version instead.

/// <summary>
/// v3 adds the customer's personal data, each field sealed with the customer's key (absent for orders placed without it,
/// and for every order written as v1 or v2). <see cref="CustomerId"/> is a pseudonym and stays readable.
/// </summary>
[MessageContract("orders.order-created", 3)]
public sealed record OrderCreated(
    Guid OrderId,
    string CustomerId,
    string Currency,
    PersonalField? CustomerName = null,
    PersonalField? CustomerEmail = null,
    PostalAddress? ShippingAddress = null) : IOrderMessage;

[MessageContract("orders.item-added", 1)]
public sealed record ItemAdded(Guid OrderId, string Sku, int Quantity, decimal UnitPrice) : IOrderMessage;

[MessageContract("orders.order-placed", 1)]
public sealed record OrderPlaced(Guid OrderId, decimal Total, string Currency) : IOrderMessage;

[MessageContract("orders.order-paid", 1)]
public sealed record OrderPaid(Guid OrderId, Guid PaymentId, decimal Amount) : IOrderMessage;

/// <summary>The customer asked to cancel a paid order; it is cancelled once Shipping confirms nothing left.</summary>
[MessageContract("orders.cancellation-requested", 1)]
public sealed record OrderCancellationRequested(Guid OrderId, string Reason) : IOrderMessage;

[MessageContract("orders.order-shipped", 1)]
public sealed record OrderShipped(Guid OrderId, string TrackingNumber) : IOrderMessage;

[MessageContract("orders.order-cancelled", 1)]
public sealed record OrderCancelled(Guid OrderId, string Reason) : IOrderMessage;
