using Orders.Contracts.Ordering;

namespace Ordering.Api.Orders;

/// <summary>
/// Ordering's rules as one pure function. Commands from HTTP may be rejected; answers from the other
/// services report facts, so they are never rejected: a late or repeated answer decides nothing.
/// </summary>
public static class OrderDecider
{
    /// <summary>
    /// The most lines one order holds. The ship command carries every line, and a record has a size limit (a megabyte
    /// by default on Kafka): an order far past any basket a person fills would be paid and then never leave.
    /// </summary>
    public const int MaxLines = 100;

    public static Decision Decide(OrderCommand command, Order? order) => (command, order) switch
    {
        (CreateOrder c, null) => Create(c),
        // Only the same Idempotency-Key reaches an existing order: the same request again is answered with the order it
        // created; another request under that key would be answered with an order it did not ask for.
        (CreateOrder c, not null) when !CreatedBy(c, order) => Decision.Reject(RejectionKind.Unprocessable,
            "This Idempotency-Key was first used for a different order (another currency or other items); use a new key for a new order."),
        (CreateOrder, not null) => Decision.Reject(RejectionKind.Conflict, "The order already exists."),
        (_, null) => command is OrderAnswer ? Decision.Nothing : Decision.Reject(RejectionKind.NotFound, "The order does not exist."),

        (AddItem, { Status: OrderStatus.Created, Lines.Count: >= MaxLines }) => Decision.Reject(RejectionKind.Unprocessable, $"An order holds at most {MaxLines} lines."),
        (AddItem c, { Status: OrderStatus.Created }) => Decision.Accept(Added(c.OrderId, c.Line)),
        (AddItem, _) => Decision.Reject(RejectionKind.Conflict, $"Items can only be added to a created order; this one is {order.Status}."),

        (PlaceOrder, { Status: OrderStatus.Created, Lines.Count: 0 }) => Decision.Reject(RejectionKind.Unprocessable, "An order needs at least one item to be placed."),
        // Payment captures a positive amount only: a free order would be placed, declined and cancelled.
        (PlaceOrder, { Status: OrderStatus.Created, Total: <= 0 }) => Decision.Reject(RejectionKind.Unprocessable, "An order with nothing to pay cannot be placed."),
        (PlaceOrder c, { Status: OrderStatus.Created }) => Decision.Accept(new OrderPlaced(c.OrderId, order.Total, order.Currency)),
        (PlaceOrder, _) => Decision.Reject(RejectionKind.Conflict, $"Only a created order can be placed; this one is {order.Status}."),

        (CancelOrder c, { Status: OrderStatus.Created or OrderStatus.Placed }) => Decision.Accept(new OrderCancelled(c.OrderId, c.Reason)),
        (CancelOrder, { Status: OrderStatus.Paid, CancellationRequested: true }) => Decision.Nothing,
        (CancelOrder c, { Status: OrderStatus.Paid }) => Decision.Accept(new OrderCancellationRequested(c.OrderId, c.Reason)),
        (CancelOrder, { Status: OrderStatus.Cancelled }) => Decision.Nothing,
        (CancelOrder, _) => Decision.Reject(RejectionKind.Conflict, $"A {order.Status} order can no longer be cancelled."),

        (RecordPaymentCaptured c, { Status: OrderStatus.Placed }) => Decision.Accept(new OrderPaid(c.OrderId, c.PaymentId, c.Amount)),
        (RecordPaymentDeclined c, { Status: OrderStatus.Placed }) => Decision.Accept(new OrderCancelled(c.OrderId, $"Payment declined: {c.Reason}")),
        (RecordDispatch c, { Status: OrderStatus.Paid }) => Decision.Accept(new OrderShipped(c.OrderId, c.TrackingNumber)),
        (RecordShipmentCancelled c, { Status: OrderStatus.Paid }) => Decision.Accept(new OrderCancelled(c.OrderId, c.Reason)),
        (RecordShipmentFailed c, { Status: OrderStatus.Paid }) => Decision.Accept(new OrderCancelled(c.OrderId, $"Shipment failed: {c.Reason}")),
        (RecordPaymentTimedOut c, { Status: OrderStatus.Placed }) => Decision.Accept(new OrderCancelled(c.OrderId, $"Payment did not answer within {c.Timeout}.")),
        (OrderAnswer, _) => Decision.Nothing, // duplicate or late answer: the order already moved on

        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown order command."),
    };

    private static Decision Create(CreateOrder c)
    {
        var events = new List<object> { c.Customer is { } customer
            ? new OrderCreated(c.OrderId, c.CustomerId, c.Currency, customer.Field(c.CustomerId, customer.Name), customer.Field(c.CustomerId, customer.Email), customer.Address(c.CustomerId))
            : new OrderCreated(c.OrderId, c.CustomerId, c.Currency) };
        events.AddRange(c.Lines.Select(line => Added(c.OrderId, line)));
        return new Decision(events, null);
    }

    /// <summary>
    /// Whether <paramref name="order"/> is what <paramref name="create"/> makes: its currency, and its first lines those of
    /// the request (lines are only ever added after them). Personal details are not compared: an erasure masks them.
    /// </summary>
    private static bool CreatedBy(CreateOrder create, Order order) =>
        order.CustomerId == create.CustomerId && order.Currency == create.Currency && order.Lines.Count >= create.Lines.Count &&
        create.Lines.Select((line, i) => order.Lines[i] == new OrderLine(line.Sku, line.Quantity, line.UnitPrice)).All(same => same);

    private static ItemAdded Added(Guid orderId, NewOrderLine line) => new(orderId, line.Sku, line.Quantity, line.UnitPrice);
}
