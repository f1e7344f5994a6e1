namespace Payment.Api.Payments;

/// <summary><c>Voided</c>: the refund came before any capture (the order was cancelled first); a later capture is refused.</summary>
public enum PaymentStatus { Captured, Declined, Refunded, Voided }

/// <summary>
/// The one payment of an order. Its document id is the order id: the primary key is what makes
/// "at most one capture per order" hold even when two deliveries of a command race.
/// </summary>
public sealed record Payment(Guid Id, Guid PaymentId, PaymentStatus Status, decimal Amount, string Currency, string? Reason)
{
    public Guid OrderId => Id;

    /// <summary>The tombstone of an order cancelled before its capture arrived: what the decider stores and the log's fold restores.</summary>
    public static Payment Voided(Guid orderId, string reason) => new(orderId, Guid.Empty, PaymentStatus.Voided, 0m, "", reason);
}
