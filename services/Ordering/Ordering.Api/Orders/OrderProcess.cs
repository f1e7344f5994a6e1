using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;

namespace Ordering.Api.Orders;

/// <summary>
/// The order saga's policy: which commands the other services receive when the order records a fact.
/// The order itself is the saga's state, so the commands leave in the same transaction as the facts
/// (durable outbox) and can neither be lost nor sent for a fact that was not recorded.
/// </summary>
public static class OrderProcess
{
    public static IEnumerable<object> React(Order orderBefore, Order orderAfter, object @event) => @event switch
    {
        // If Payment never answers, the payment deadline cancels the order (Saga/PaymentDeadlineSweeper).
        OrderPlaced e => [new CapturePayment(e.OrderId, e.Total, e.Currency)],
        OrderPaid => [orderAfter.Customer is { } customer // only the name and address: Shipping has no use for the e-mail
            ? new ShipOrder(orderAfter.Id, Lines(orderAfter), orderAfter.CustomerId, customer.Recipient(orderAfter.CustomerId))
            : new ShipOrder(orderAfter.Id, Lines(orderAfter))],
        OrderCancellationRequested e => [new CancelShipment(e.OrderId, e.Reason)],
        // A capture may be in flight while a placed order is cancelled: asking for the refund now is always safe. Payment
        // reads it after the capture on the same partition, or, should the capture still sit in this outbox, voids the
        // payment so that the late capture is refused (PaymentDecider).
        OrderCancelled e when orderBefore.Status == OrderStatus.Placed || orderBefore.PaymentCaptured => [new RefundPayment(e.OrderId, e.Reason)],
        _ => [],
    };

    private static List<ShipmentLine> Lines(Order order) => order.Lines.Select(l => new ShipmentLine(l.Sku, l.Quantity)).ToList();

    /// <summary>Folds the decided events into the order and collects the commands they trigger, in order.</summary>
    public static (Order Order, IReadOnlyList<object> Commands) Apply(Order? order, IReadOnlyList<object> events)
    {
        var commands = new List<object>();
        foreach (var @event in events)
        {
            var next = OrderFold.Evolve(order, @event)!;
            if (order is not null) commands.AddRange(React(order, next, @event));
            order = next;
        }
        return (order!, commands);
    }
}
