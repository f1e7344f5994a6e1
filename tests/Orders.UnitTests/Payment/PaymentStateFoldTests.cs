using Orders.Contracts.Payments;
using Orders.ServiceDefaults.Kafka;
using Payment.Api.Payments;

namespace Orders.UnitTests.Payment;

/// <summary>The fold that restores and rebuilds payments gives, from the published facts, the documents the decider stored live.</summary>
public class PaymentStateFoldTests
{
    private static readonly Guid OrderId = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000013");
    private static readonly Guid PaymentId = Guid.Parse("7d9f1c2e-0000-4000-8000-0000000000ab");

    private static IReadOnlyCollection<global::Payment.Api.Payments.Payment> Fold(params object[] facts) =>
        RestorePaymentsFromLog.State.Fold(facts.Select(f => (new LogRecord("payments-events", 0, 0, DateTimeOffset.UnixEpoch, OrderId.ToString(), new Dictionary<string, string>(), null), f)));

    [Theory]
    [InlineData(25.0)]     // captured
    [InlineData(20_000.0)] // declined
    public void Given_the_facts_of_a_capture_When_folded_Then_the_payment_the_decider_stored(double amount)
    {
        var live = PaymentDecider.Decide(new CapturePayment(OrderId, (decimal)amount, "EUR"), null, 10_000m, PaymentId);
        Assert.Equal([live.Payment!], Fold([.. live.Events]));
    }

    [Fact]
    public void Given_a_capture_then_a_refund_When_folded_Then_the_refunded_payment_the_decider_stored()
    {
        var captured = PaymentDecider.Decide(new CapturePayment(OrderId, 25m, "EUR"), null, 10_000m, PaymentId);
        var refunded = PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), captured.Payment);
        Assert.Equal([refunded.Payment!], Fold([.. captured.Events, .. refunded.Events]));
    }

    [Fact]
    public void Given_a_capture_seen_twice_When_folded_Then_one_payment() =>
        Assert.Single(Fold(new PaymentCaptured(OrderId, PaymentId, 25m, "EUR"), new PaymentCaptured(OrderId, Guid.NewGuid(), 25m, "EUR")));

    [Fact]
    public void Given_a_refund_before_any_capture_When_folded_Then_the_voided_payment_the_decider_stored()
    {
        var voided = PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), null);
        Assert.Equal([voided.Payment!], Fold([.. voided.Events]));
    }
}
