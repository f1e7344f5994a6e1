using Ordering.Api.Orders;
using Ordering.Api.Saga;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Batching;

namespace Orders.UnitTests.Ordering;

/// <summary>
/// The saga's batched listener has no inbox: an answer read again must decide nothing because of the order's state alone
/// (docs/architecture.md §5). These pin down how each fact is read and that the second reading of every answer is a no-op.
/// </summary>
public class OrderAnswersTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000003");
    private static readonly Order Placed = OrderFold.Fold([new OrderCreated(Id, "c-1", "EUR"), new ItemAdded(Id, "SKU-1", 2, 12.50m), new OrderPlaced(Id, 25m, "EUR")])!;
    private static readonly Order Paid = OrderFold.Evolve(Placed, new OrderPaid(Id, Guid.Empty, 25m))!;

    public static TheoryData<IOrderMessage, string> Answers => new()
    {
        { new PaymentCaptured(Id, Guid.Empty, 25m, "EUR"), nameof(Placed) },
        { new PaymentDeclined(Id, Guid.Empty, 25m, "EUR", "no funds"), nameof(Placed) },
        { new OrderDispatched(Id, "TRK-1"), nameof(Paid) },
        { new ShipmentCancelled(Id, "asked"), nameof(Paid) },
        { new ShipmentFailed(Id, "no stock"), nameof(Paid) },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_changes_the_order_it_answers_once_and_read_again_decides_nothing(IOrderMessage fact, string state)
    {
        var order = state == nameof(Placed) ? Placed : Paid;
        var answer = OrderAnswers.From(fact)!;

        var first = OrderWorkflow.Run(answer, order);
        Assert.True(first.Changed);
        var again = OrderWorkflow.Run(answer, first.Order);
        Assert.False(again.Changed);
        Assert.Empty(again.Messages);
    }

    [Fact]
    public void Payment_captured_is_read_as_the_payment_it_records() =>
        Assert.Equal(new RecordPaymentCaptured(Id, Guid.Empty, 25m), OrderAnswers.From(new PaymentCaptured(Id, Guid.Empty, 25m, "EUR")));

    [Fact]
    public void A_refund_only_goes_into_the_history() =>
        Assert.Null(OrderAnswers.From(new PaymentRefunded(Id, Guid.Empty, 25m, "EUR")));

    [Fact]
    public void A_void_only_goes_into_the_history() =>
        Assert.Null(OrderAnswers.From(new PaymentVoided(Id, "cancelled")));

    [Fact]
    public void A_fact_that_is_no_answer_is_refused_so_it_becomes_a_dead_letter() =>
        Assert.Throws<UnreadableRecordException>(() => OrderAnswers.From(new OrderPlaced(Id, 25m, "EUR")));

    [Fact]
    public void An_answer_for_an_order_never_created_here_decides_nothing() =>
        Assert.False(OrderWorkflow.Run(OrderAnswers.From(new OrderDispatched(Id, "TRK-1"))!, null).Changed);
}
