using Orders.Contracts.Payments;

namespace Ordering.Api.Saga;

/// <summary>The refund closes the saga's compensation; the order itself was cancelled before it was asked for.</summary>
public static class PaymentRefundedHandler
{
    public static void Handle(PaymentRefunded e, ILogger<PaymentRefunded> logger) =>
        logger.LogInformation("Refund of {Amount} {Currency} confirmed for order {OrderId}", e.Amount, e.Currency, e.OrderId);
}
