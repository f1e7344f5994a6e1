using Orders.Contracts.Payments;
using Payment.Api.Payments;

namespace Orders.UnitTests.Payment;

public class PaymentDeciderTests
{
    private static readonly Guid OrderId = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000003");
    private static readonly Guid PaymentId = Guid.Parse("7d9f1c2e-0000-4000-8000-0000000000aa");
    private const decimal Limit = 10_000m;

    private static global::Payment.Api.Payments.Payment Captured() =>
        PaymentDecider.Decide(new CapturePayment(OrderId, 25m, "EUR"), null, Limit, PaymentId).Payment!;

    [Fact]
    public void Given_no_payment_When_capture_within_limit_Then_captured()
    {
        var decision = PaymentDecider.Decide(new CapturePayment(OrderId, Limit, "EUR"), null, Limit, PaymentId);
        Assert.Equal(PaymentStatus.Captured, decision.Payment?.Status);
        Assert.Equal([new PaymentCaptured(OrderId, PaymentId, Limit, "EUR")], decision.Events);
    }

    [Theory]
    [InlineData(10_000.01)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Given_no_payment_When_capture_out_of_bounds_Then_declined(decimal amount)
    {
        var decision = PaymentDecider.Decide(new CapturePayment(OrderId, amount, "EUR"), null, Limit, PaymentId);
        Assert.Equal(PaymentStatus.Declined, decision.Payment?.Status);
        var declined = Assert.IsType<PaymentDeclined>(Assert.Single(decision.Events));
        Assert.Equal(amount, declined.Amount);
    }

    [Fact]
    public void Given_captured_payment_When_capture_delivered_again_Then_nothing() =>
        Assert.Same(PaymentDecision.Nothing, PaymentDecider.Decide(new CapturePayment(OrderId, 25m, "EUR"), Captured(), Limit, Guid.NewGuid()));

    [Fact]
    public void Given_declined_payment_When_capture_delivered_again_Then_nothing()
    {
        var declined = PaymentDecider.Decide(new CapturePayment(OrderId, 99_999m, "EUR"), null, Limit, PaymentId).Payment;
        Assert.Same(PaymentDecision.Nothing, PaymentDecider.Decide(new CapturePayment(OrderId, 99_999m, "EUR"), declined, Limit, Guid.NewGuid()));
    }

    [Fact]
    public void Given_captured_payment_When_refunded_Then_refunded_in_full()
    {
        var decision = PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), Captured());
        Assert.Equal(PaymentStatus.Refunded, decision.Payment?.Status);
        Assert.Equal([new PaymentRefunded(OrderId, PaymentId, 25m, "EUR")], decision.Events);
    }

    [Fact]
    public void Given_refunded_payment_When_refund_delivered_again_Then_nothing()
    {
        var refunded = PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), Captured()).Payment;
        Assert.Same(PaymentDecision.Nothing, PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), refunded));
    }

    [Fact]
    public void Given_no_payment_When_refund_requested_Then_a_void_tombstone_and_its_fact_but_nothing_to_give_back()
    {
        var decision = PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), null);
        Assert.Equal(PaymentStatus.Voided, decision.Payment?.Status);
        Assert.Equal([new PaymentVoided(OrderId, "cancelled")], decision.Events);
    }

    [Fact]
    public void Given_a_voided_payment_When_the_late_capture_arrives_Then_nothing_is_captured() =>
        Assert.Same(PaymentDecision.Nothing,
            PaymentDecider.Decide(new CapturePayment(OrderId, 25m, "EUR"), PaymentDecider.Decide(new RefundPayment(OrderId, "cancelled"), null).Payment, 10_000m, PaymentId));
}
