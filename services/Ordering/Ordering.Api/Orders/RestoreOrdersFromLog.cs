using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Recovery;

namespace Ordering.Api.Orders;

/// <summary>On an empty database, the order snapshots are folded back from orders-events before the saga listens.</summary>
public sealed class RestoreOrdersFromLog(IDocumentStore store, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<RestoreOrdersFromLog> logger,
    global::Orders.Contracts.Privacy.ICustomerKeys keys)
    : RestoreStateFromLog<Order>(store, State, kafka, configuration, logger)
{
    // The saga ships to the address in the snapshot, so it is opened here (or reads as erased, for an erased customer).
    protected override global::Orders.Contracts.Privacy.ICustomerKeys Keys => keys;

    /// <summary>The order snapshots that orders-events decided.</summary>
    public static readonly StateFold<Order> State = new([global::Orders.Contracts.Topics.OrdersEvents], Fold, order => order.Id);

    private static IReadOnlyCollection<Order> Fold(IEnumerable<(LogRecord Record, object Message)> facts)
    {
        var orders = new Dictionary<Guid, Order>();
        var seen = new HashSet<Guid>();
        foreach (var (record, message) in facts)
        {
            if (message is not IOrderMessage fact || record.EventId is not { } id || !seen.Add(id)) continue; // a copy of a fact counts once
            if (OrderFold.Evolve(orders.GetValueOrDefault(fact.OrderId), fact) is not { } order) continue;
            // The wait for Payment began when the order was placed (the place command's time, close to the record's), so the
            // payment deadline still applies to an order restored while placed; paying or cancelling it clears the time.
            orders[fact.OrderId] = fact is OrderPlaced ? order with { AwaitingPaymentSince = record.SentAt } : order;
        }
        return orders.Values;
    }
}
