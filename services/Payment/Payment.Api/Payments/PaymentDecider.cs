using Orders.Contracts.Payments;

namespace Payment.Api.Payments;

/// <summary>What a payment command changes: the payment to store (null: nothing) and the facts to publish.</summary>
public sealed record PaymentDecision(Payment? Payment, IReadOnlyList<object> Events)
{
    public static readonly PaymentDecision Nothing = new(null, []);
}

/// <summary>Payment's rules. Commands arrive at least once, so a repeated command decides nothing.</summary>
public static class PaymentDecider
{
    public static PaymentDecision Decide(CapturePayment command, Payment? existing, decimal declineAbove, Guid newPaymentId)
    {
        if (existing is not null) return PaymentDecision.Nothing; // already captured or declined: at most one capture per order

        if (command.Amount <= 0 || command.Amount > declineAbove)
        {
            var reason = command.Amount <= 0 ? "Amount must be positive." : $"Amount {command.Amount} is above the limit of {declineAbove}.";
            var declined = new Payment(command.OrderId, newPaymentId, PaymentStatus.Declined, command.Amount, command.Currency, reason);
            return new(declined, [new PaymentDeclined(command.OrderId, newPaymentId, command.Amount, command.Currency, reason)]);
        }

        var captured = new Payment(command.OrderId, newPaymentId, PaymentStatus.Captured, command.Amount, command.Currency, null);
        return new(captured, [new PaymentCaptured(command.OrderId, newPaymentId, command.Amount, command.Currency)]);
    }

    public static PaymentDecision Decide(RefundPayment command, Payment? existing) => existing switch
    {
        { Status: PaymentStatus.Captured } p => new(p with { Status = PaymentStatus.Refunded },
            [new PaymentRefunded(p.OrderId, p.PaymentId, p.Amount, p.Currency)]),
        // The order was cancelled before its capture arrived here: a capture still on its way (sent before the refund
        // but delayed in the sender's outbox, say) must not take money for a cancelled order. The tombstone refuses it,
        // and its fact keeps refusing it after a restore from the log.
        null => new(Payment.Voided(command.OrderId, command.Reason), [new PaymentVoided(command.OrderId, command.Reason)]),
        _ => PaymentDecision.Nothing, // declined, or refunded already: nothing to give back
    };
}
