namespace Payment.Api.Payments;

/// <summary>
/// Section <c>Payment</c>. There is no card gateway here: a capture is the payment's row, and the decider declines any
/// amount above <see cref="DeclineAbove"/> (how the tests and the bench get declines). A real gateway call would sit in
/// front of the decision, keyed by the order id as its idempotency key.
/// </summary>
public sealed class PaymentSettings
{
    public const string Section = "Payment";
    public decimal DeclineAbove { get; set; } = 10_000m;
}
