namespace Payment.Api.Payments;

/// <summary>Section <c>Payment</c>. The simulated gateway declines any capture above <see cref="DeclineAbove"/>.</summary>
public sealed class PaymentSettings
{
    public const string Section = "Payment";
    public decimal DeclineAbove { get; set; } = 10_000m;
}
