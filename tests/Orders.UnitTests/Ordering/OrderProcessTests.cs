using Ordering.Api.Orders;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;

namespace Orders.UnitTests.Ordering;

public class OrderProcessTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000002");
    private static readonly object[] CreatedWithItem = [new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m)];

    private static IReadOnlyList<object> CommandsAfter(object[] history, params object[] decided) =>
        OrderProcess.Apply(OrderFold.Fold(history), decided).Commands;

    [Fact]
    public void When_order_placed_Then_payment_is_captured_for_its_total() =>
        Assert.Equal([new CapturePayment(Id, 25m, "EUR")], CommandsAfter(CreatedWithItem, new OrderPlaced(Id, 25m, "EUR")));

    [Fact]
    public void When_order_paid_Then_its_lines_are_shipped()
    {
        var command = Assert.IsType<ShipOrder>(Assert.Single(CommandsAfter([.. CreatedWithItem, new OrderPlaced(Id, 25m, "EUR")], new OrderPaid(Id, Guid.Empty, 25m))));
        Assert.Equal([new ShipmentLine("SKU-1", 2)], command.Lines);
    }

    [Fact]
    public void When_paid_order_cancellation_requested_Then_shipment_cancelled() =>
        Assert.Equal([new CancelShipment(Id, "why")],
            CommandsAfter([.. CreatedWithItem, new OrderPlaced(Id, 25m, "EUR"), new OrderPaid(Id, Guid.Empty, 25m)], new OrderCancellationRequested(Id, "why")));

    [Fact]
    public void When_paid_order_cancelled_Then_payment_refunded() =>
        Assert.Equal([new RefundPayment(Id, "why")],
            CommandsAfter([.. CreatedWithItem, new OrderPlaced(Id, 25m, "EUR"), new OrderPaid(Id, Guid.Empty, 25m)], new OrderCancelled(Id, "why")));

    [Fact]
    public void When_placed_order_cancelled_Then_any_capture_in_flight_is_refunded() =>
        Assert.Equal([new RefundPayment(Id, "why")], CommandsAfter([.. CreatedWithItem, new OrderPlaced(Id, 25m, "EUR")], new OrderCancelled(Id, "why")));

    [Fact]
    public void When_created_order_cancelled_Then_nothing_to_undo() =>
        Assert.Empty(CommandsAfter(CreatedWithItem, new OrderCancelled(Id, "why")));

    [Fact]
    public void When_order_created_with_items_Then_no_command_yet() =>
        Assert.Empty(OrderProcess.Apply(null, CreatedWithItem).Commands);
}
