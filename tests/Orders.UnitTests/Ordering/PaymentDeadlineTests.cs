using Ordering.Api.Orders;
using Orders.Contracts.Ordering;
using Orders.ServiceDefaults.Kafka;

namespace Orders.UnitTests.Ordering;

/// <summary>
/// The payment deadline counts from when an order began to wait for Payment: the time the place command carries, kept on
/// the order only while it waits (the deadline's query finds nothing else), and recovered from the log on a restore.
/// </summary>
public sealed class PaymentDeadlineTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000003");
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Order WithItem = OrderFold.Fold([new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m)])!;

    private static Order Placed() => OrderWorkflow.Run(new PlaceOrder(Id, PlacedAt), WithItem).Order!;

    [Fact]
    public void A_placed_order_waits_for_payment_from_the_time_it_was_placed() =>
        Assert.Equal(PlacedAt, Placed().AwaitingPaymentSince);

    [Fact]
    public void An_order_not_yet_placed_or_refused_placing_waits_for_nothing()
    {
        Assert.Null(WithItem.AwaitingPaymentSince);
        var empty = OrderFold.Fold([new OrderCreated(Id, "c-1", "EUR")]);
        Assert.Null(OrderWorkflow.Run(new PlaceOrder(Id, PlacedAt), empty).Order!.AwaitingPaymentSince);
    }

    public static TheoryData<string, OrderCommand> AnswersThatEndTheWait => new()
    {
        { "captured", new RecordPaymentCaptured(Id, Guid.NewGuid(), 25m) },
        { "declined", new RecordPaymentDeclined(Id, "card refused") },
        { "timed out", new RecordPaymentTimedOut(Id, TimeSpan.FromSeconds(30)) },
        { "cancelled by the customer", new CancelOrder(Id, "changed my mind") },
    };

    [Theory, MemberData(nameof(AnswersThatEndTheWait))]
    public void Paying_or_cancelling_ends_the_wait_so_the_deadline_never_sees_the_order_again(string _, OrderCommand command)
    {
        var outcome = OrderWorkflow.Run(command, Placed());

        Assert.True(outcome.Changed);
        Assert.Null(outcome.Order!.AwaitingPaymentSince);
    }

    [Fact]
    public void An_order_restored_from_the_log_while_placed_waits_from_when_its_placing_was_sent()
    {
        var sentAt = PlacedAt.AddMilliseconds(3);
        var restored = Restore((new OrderCreated(Id, "c-1", "EUR"), PlacedAt), (new ItemAdded(Id, "SKU-1", 2, 12.50m), PlacedAt), (new OrderPlaced(Id, 25m, "EUR"), sentAt));

        Assert.Equal(sentAt, restored.AwaitingPaymentSince);
        Assert.Equal(OrderStatus.Placed, restored.Status);
    }

    [Fact]
    public void An_order_restored_after_it_was_paid_waits_for_nothing() =>
        Assert.Null(Restore((new OrderCreated(Id, "c-1", "EUR"), PlacedAt), (new OrderPlaced(Id, 25m, "EUR"), PlacedAt),
            (new OrderPaid(Id, Guid.NewGuid(), 25m), PlacedAt.AddSeconds(1))).AwaitingPaymentSince);

    private static Order Restore(params (object Fact, DateTimeOffset SentAt)[] facts) =>
        Assert.Single(RestoreOrdersFromLog.State.Fold(facts.Select((f, offset) => (
            new LogRecord("orders-events", 0, offset, f.SentAt, Id.ToString(),
                new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString(), ["sent-at"] = f.SentAt.ToString("O") }, null),
            f.Fact))));
}
