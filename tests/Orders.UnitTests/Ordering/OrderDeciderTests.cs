using Ordering.Api.Orders;
using Orders.Contracts.Ordering;

namespace Orders.UnitTests.Ordering;

public class OrderDeciderTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000001");
    private static readonly NewOrderLine Book = new("SKU-1", 2, 12.50m);
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Order Given(params object[] events) => OrderFold.Fold(events)!;
    private static Order Created() => Given(new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m));
    private static Order Placed() => Given(new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m), new OrderPlaced(Id, 25m, "EUR"));
    private static Order Paid() => OrderFold.Evolve(Placed(), new OrderPaid(Id, Guid.Empty, 25m))!;
    private static Order Shipped() => OrderFold.Evolve(Paid(), new OrderShipped(Id, "TRK-1"))!;
    private static Order Cancelled() => OrderFold.Evolve(Placed(), new OrderCancelled(Id, "changed mind"))!;

    [Fact]
    public void Given_no_order_When_created_Then_created_and_items_added_in_order()
    {
        var decision = OrderDecider.Decide(new CreateOrder(Id, "c-1", "EUR", [Book, new("SKU-2", 1, 3m)]), null);

        Assert.False(decision.IsRejected);
        Assert.Equal(
            [new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m), new ItemAdded(Id, "SKU-2", 1, 3m)],
            decision.Events);
        var order = OrderFold.Fold(decision.Events)!;
        Assert.Equal((OrderStatus.Created, 3, 28m), (order.Status, order.Version, order.Total));
    }

    [Fact]
    public void Given_existing_order_When_created_again_Then_conflict() =>
        AssertRejected(RejectionKind.Conflict, new CreateOrder(Id, "c-1", "EUR", [Book]), Created());

    [Fact]
    public void Given_an_order_with_items_added_since_When_its_create_is_repeated_Then_conflict_the_same_request() =>
        AssertRejected(RejectionKind.Conflict, new CreateOrder(Id, "c-1", "EUR", [Book]), OrderFold.Evolve(Created(), new ItemAdded(Id, "SKU-7", 1, 1m))!);

    [Theory]
    [InlineData("USD", "SKU-1", 2)]
    [InlineData("EUR", "SKU-9", 2)]
    [InlineData("EUR", "SKU-1", 3)]
    public void Given_existing_order_When_its_key_comes_with_another_order_Then_unprocessable(string currency, string sku, int quantity) =>
        AssertRejected(RejectionKind.Unprocessable, new CreateOrder(Id, "c-1", currency, [new(sku, quantity, 12.50m)]), Created());

    [Theory]
    [InlineData("add")]
    [InlineData("place")]
    [InlineData("cancel")]
    public void Given_no_order_When_asked_anything_Then_not_found(string what) =>
        AssertRejected(RejectionKind.NotFound, Command(what), null);

    [Fact]
    public void Given_created_order_When_item_added_Then_item_added() =>
        Assert.Equal([new ItemAdded(Id, "SKU-1", 2, 12.50m)], OrderDecider.Decide(new AddItem(Id, Book), Created()).Events);

    [Theory]
    [MemberData(nameof(NotCreatedStates))]
    public void Given_order_past_created_When_item_added_Then_conflict(string state) =>
        AssertRejected(RejectionKind.Conflict, new AddItem(Id, Book), State(state));

    [Fact]
    public void Given_created_order_with_items_When_placed_Then_placed_with_total() =>
        Assert.Equal([new OrderPlaced(Id, 25m, "EUR")], OrderDecider.Decide(new PlaceOrder(Id, PlacedAt), Created()).Events);

    [Fact]
    public void Given_empty_order_When_placed_Then_unprocessable() =>
        AssertRejected(RejectionKind.Unprocessable, new PlaceOrder(Id, PlacedAt), Given(new OrderCreated(Id, "c-1", "EUR")));

    [Fact]
    public void Given_an_order_of_free_items_When_placed_Then_unprocessable_since_nothing_can_be_captured() =>
        AssertRejected(RejectionKind.Unprocessable, new PlaceOrder(Id, PlacedAt), Given(new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "FREE", 2, 0m)));

    [Fact]
    public void Given_an_order_at_its_line_limit_When_an_item_is_added_Then_unprocessable()
    {
        var full = Given([new OrderCreated(Id, "c-1", "EUR"), .. Enumerable.Range(0, OrderDecider.MaxLines).Select(i => new ItemAdded(Id, $"S-{i}", 1, 1m))]);
        AssertRejected(RejectionKind.Unprocessable, new AddItem(Id, new NewOrderLine("ONE-MORE", 1, 1m)), full);
    }

    [Theory]
    [MemberData(nameof(NotCreatedStates))]
    public void Given_order_past_created_When_placed_Then_conflict(string state) =>
        AssertRejected(RejectionKind.Conflict, new PlaceOrder(Id, PlacedAt), State(state));

    [Theory]
    [InlineData("created")]
    [InlineData("placed")]
    public void Given_unpaid_order_When_cancelled_Then_cancelled(string state) =>
        Assert.Equal([new OrderCancelled(Id, "changed mind")], OrderDecider.Decide(new CancelOrder(Id, "changed mind"), State(state)).Events);

    [Fact]
    public void Given_paid_order_When_cancelled_Then_cancellation_requested_from_shipping() =>
        Assert.Equal([new OrderCancellationRequested(Id, "changed mind")], OrderDecider.Decide(new CancelOrder(Id, "changed mind"), Paid()).Events);

    [Fact]
    public void Given_cancellation_requested_When_cancelled_again_Then_nothing()
    {
        var requested = OrderFold.Evolve(Paid(), new OrderCancellationRequested(Id, "x"))!;
        AssertNothing(new CancelOrder(Id, "again"), requested);
    }

    [Fact]
    public void Given_cancelled_order_When_cancelled_again_Then_nothing() => AssertNothing(new CancelOrder(Id, "again"), Cancelled());

    [Fact]
    public void Given_shipped_order_When_cancelled_Then_conflict() => AssertRejected(RejectionKind.Conflict, new CancelOrder(Id, "late"), Shipped());

    [Fact]
    public void Given_placed_order_When_payment_captured_Then_paid()
    {
        var paymentId = Guid.NewGuid();
        Assert.Equal([new OrderPaid(Id, paymentId, 25m)], OrderDecider.Decide(new RecordPaymentCaptured(Id, paymentId, 25m), Placed()).Events);
    }

    [Fact]
    public void Given_placed_order_When_payment_declined_Then_cancelled() =>
        Assert.Equal([new OrderCancelled(Id, "Payment declined: too much")], OrderDecider.Decide(new RecordPaymentDeclined(Id, "too much"), Placed()).Events);

    [Fact]
    public void Given_paid_order_When_dispatched_Then_shipped() =>
        Assert.Equal([new OrderShipped(Id, "TRK-1")], OrderDecider.Decide(new RecordDispatch(Id, "TRK-1"), Paid()).Events);

    [Fact]
    public void Given_paid_order_When_shipment_cancelled_Then_cancelled() =>
        Assert.Equal([new OrderCancelled(Id, "changed mind")], OrderDecider.Decide(new RecordShipmentCancelled(Id, "changed mind"), Paid()).Events);

    [Fact]
    public void Given_paid_order_When_shipment_failed_Then_cancelled() =>
        Assert.Equal([new OrderCancelled(Id, "Shipment failed: no stock")], OrderDecider.Decide(new RecordShipmentFailed(Id, "no stock"), Paid()).Events);

    [Fact]
    public void Given_placed_order_When_payment_times_out_Then_cancelled() =>
        Assert.Equal([new OrderCancelled(Id, "Payment did not answer within 00:00:30.")], OrderDecider.Decide(new RecordPaymentTimedOut(Id, TimeSpan.FromSeconds(30)), Placed()).Events);

    [Fact]
    public void Given_paid_order_When_the_payment_deadline_passes_Then_nothing() =>
        AssertNothing(new RecordPaymentTimedOut(Id, TimeSpan.FromSeconds(30)), Paid());

    public static TheoryData<string> Answers => new() { "captured", "declined", "dispatched", "shipment-cancelled", "shipment-failed", "payment-timed-out" };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Given_shipped_order_When_any_answer_arrives_again_Then_nothing(string answer) => AssertNothing(Answer(answer), Shipped());

    [Theory]
    [MemberData(nameof(Answers))]
    public void Given_cancelled_order_When_a_late_answer_arrives_Then_nothing(string answer) => AssertNothing(Answer(answer), Cancelled());

    [Theory]
    [MemberData(nameof(Answers))]
    public void Given_no_order_When_an_answer_arrives_Then_nothing_rather_than_rejection(string answer) => AssertNothing(Answer(answer), null);

    [Fact]
    public void Given_paid_order_When_payment_captured_again_Then_nothing() =>
        AssertNothing(new RecordPaymentCaptured(Id, Guid.NewGuid(), 25m), Paid());

    public static TheoryData<string> NotCreatedStates => new() { "placed", "paid", "shipped", "cancelled" };

    private static Order? State(string name) => name switch
    {
        "created" => Created(), "placed" => Placed(), "paid" => Paid(), "shipped" => Shipped(), "cancelled" => Cancelled(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static OrderCommand Command(string what) => what switch
    {
        "add" => new AddItem(Id, Book), "place" => new PlaceOrder(Id, PlacedAt), "cancel" => new CancelOrder(Id, "x"),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    private static OrderAnswer Answer(string what) => what switch
    {
        "captured" => new RecordPaymentCaptured(Id, Guid.NewGuid(), 25m),
        "declined" => new RecordPaymentDeclined(Id, "no"),
        "dispatched" => new RecordDispatch(Id, "TRK-2"),
        "shipment-cancelled" => new RecordShipmentCancelled(Id, "x"),
        "shipment-failed" => new RecordShipmentFailed(Id, "x"),
        "payment-timed-out" => new RecordPaymentTimedOut(Id, TimeSpan.FromSeconds(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    private static void AssertRejected(RejectionKind kind, OrderCommand command, Order? state)
    {
        var decision = OrderDecider.Decide(command, state);
        Assert.Equal(kind, decision.Rejection?.Kind);
        Assert.Empty(decision.Events);
    }

    private static void AssertNothing(OrderCommand command, Order? state)
    {
        var decision = OrderDecider.Decide(command, state);
        Assert.False(decision.IsRejected);
        Assert.Empty(decision.Events);
    }
}
