using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts.Payments;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Recovery;

namespace Payment.Api.Payments;

/// <summary>On an empty database, payments are folded back from payments-events, so replayed capture commands capture nothing.</summary>
public sealed class RestorePaymentsFromLog(IDocumentStore store, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<RestorePaymentsFromLog> logger)
    : RestoreStateFromLog<Payment>(store, State, kafka, configuration, logger)
{
    /// <summary>The payments that payments-events decided: what a restore writes and a rebuild compares with.</summary>
    public static readonly StateFold<Payment> State = new([global::Orders.Contracts.Topics.PaymentsEvents], Fold, payment => payment.Id);

    private static IReadOnlyCollection<Payment> Fold(IEnumerable<(LogRecord Record, object Message)> facts)
    {
        var payments = new Dictionary<Guid, Payment>();
        foreach (var (_, message) in facts)
        {
            switch (message)
            {
                case PaymentCaptured e when !payments.ContainsKey(e.OrderId):
                    payments[e.OrderId] = new Payment(e.OrderId, e.PaymentId, PaymentStatus.Captured, e.Amount, e.Currency, null);
                    break;
                case PaymentDeclined e when !payments.ContainsKey(e.OrderId):
                    payments[e.OrderId] = new Payment(e.OrderId, e.PaymentId, PaymentStatus.Declined, e.Amount, e.Currency, e.Reason);
                    break;
                case PaymentVoided e when !payments.ContainsKey(e.OrderId):
                    payments[e.OrderId] = Payment.Voided(e.OrderId, e.Reason);
                    break;
                case PaymentRefunded e when payments.TryGetValue(e.OrderId, out var captured):
                    payments[e.OrderId] = captured with { Status = PaymentStatus.Refunded };
                    break;
            }
        }
        return payments.Values;
    }
}
