namespace Payment.Api.Payments;

public enum PaymentStatus { Captured, Declined, Refunded }

/// <summary>
/// The one payment of an order. Its document id is the order id: the primary key is what makes
/// "at most one capture per order" hold even when two deliveries of a command race.
/// </summary>
public sealed record Payment(Guid Id, Guid PaymentId, PaymentStatus Status, decimal Amount, string Currency, string? Reason)
{
    public Guid OrderId => Id;
}
