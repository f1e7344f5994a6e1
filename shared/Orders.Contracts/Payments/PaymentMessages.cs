using Orders.Contracts.Versioning;

namespace Orders.Contracts.Payments;

// Commands to Payment on `payments-commands` and its facts on `payments-events`, keyed by order id.

[MessageContract("payments.capture-payment", 1)]
public sealed record CapturePayment(Guid OrderId, decimal Amount, string Currency) : IOrderMessage;

/// <summary>Give back whatever was captured for the order; a no-op when nothing was.</summary>
[MessageContract("payments.refund-payment", 1)]
public sealed record RefundPayment(Guid OrderId, string Reason) : IOrderMessage;

[MessageContract("payments.payment-captured", 1)]
public sealed record PaymentCaptured(Guid OrderId, Guid PaymentId, decimal Amount, string Currency) : IOrderMessage;

[MessageContract("payments.payment-declined", 1)]
public sealed record PaymentDeclined(Guid OrderId, Guid PaymentId, decimal Amount, string Currency, string Reason) : IOrderMessage;

[MessageContract("payments.payment-refunded", 1)]
public sealed record PaymentRefunded(Guid OrderId, Guid PaymentId, decimal Amount, string Currency) : IOrderMessage;

/// <summary>
/// The refund reached Payment before any capture (the order was cancelled first): a capture still on its way is refused.
/// A fact, not only a row, so that a payment restored or rebuilt from the log refuses that capture too.
/// </summary>
[MessageContract("payments.payment-voided", 1)]
public sealed record PaymentVoided(Guid OrderId, string Reason) : IOrderMessage;
