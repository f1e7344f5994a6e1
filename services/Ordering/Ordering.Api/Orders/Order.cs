using System.Collections.Immutable;
using Ordering.Api.Privacy;
using Orders.Contracts.Ordering;

namespace Ordering.Api.Orders;

public enum OrderStatus { Created, Placed, Paid, Shipped, Cancelled }

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    public decimal Amount => Quantity * UnitPrice;
}

/// <summary>
/// The order as Ordering's decisions see it: an immutable fold of its own events.
/// <see cref="Version"/> counts the events folded in, so it doubles as the stream revision.
/// <see cref="AwaitingPaymentSince"/> is set only while the order is placed and unpaid (from the place command's time:
/// events carry no clock), so the payment deadline finds the orders it concerns with one indexed query
/// (<c>Saga/PaymentDeadlineSweeper</c>).
/// </summary>
public sealed record Order(
    Guid Id,
    string CustomerId,
    string Currency,
    ImmutableList<OrderLine> Lines,
    OrderStatus Status,
    int Version,
    bool PaymentCaptured = false,
    bool CancellationRequested = false,
    CustomerDetails? Customer = null,
    DateTimeOffset? AwaitingPaymentSince = null)
{
    public decimal Total => Lines.Sum(line => line.Amount);
}

/// <summary>
/// How facts change an order. Kept apart from the record so that libraries scanning for aggregates
/// (Marten's source generator looks for an <c>Evolve</c> on the document type) leave it alone.
/// </summary>
public static class OrderFold
{
    /// <summary>Applies one fact. Pure: the same events always fold to the same order.</summary>
    public static Order? Evolve(Order? order, object @event) => (order, @event) switch
    {
        (null, OrderCreated e) => new Order(e.OrderId, e.CustomerId, e.Currency, [], OrderStatus.Created, 1, Customer: CustomerDetails.From(e)),
        (null, _) => null, // a fact about an order we never saw created cannot be folded
        (_, ItemAdded e) => order with { Lines = order.Lines.Add(new OrderLine(e.Sku, e.Quantity, e.UnitPrice)), Version = order.Version + 1 },
        (_, OrderPlaced) => order with { Status = OrderStatus.Placed, Version = order.Version + 1 },
        (_, OrderPaid) => order with { Status = OrderStatus.Paid, PaymentCaptured = true, AwaitingPaymentSince = null, Version = order.Version + 1 },
        (_, OrderCancellationRequested) => order with { CancellationRequested = true, Version = order.Version + 1 },
        (_, OrderShipped) => order with { Status = OrderStatus.Shipped, Version = order.Version + 1 },
        (_, OrderCancelled) => order with { Status = OrderStatus.Cancelled, AwaitingPaymentSince = null, Version = order.Version + 1 },
        _ => order,
    };

    public static Order? Fold(IEnumerable<object> events) => events.Aggregate((Order?)null, Evolve);
}
