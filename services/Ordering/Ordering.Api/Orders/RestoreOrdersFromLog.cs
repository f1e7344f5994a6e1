using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Recovery;

namespace Ordering.Api.Orders;

/// <summary>On an empty database, the order snapshots are folded back from orders-events before the saga listens.</summary>
public sealed class RestoreOrdersFromLog(IDocumentStore store, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<RestoreOrdersFromLog> logger,
    global::Orders.Contracts.Privacy.ICustomerKeys keys)
    : RestoreStateFromLog<Order>(store, kafka, configuration, logger)
{
    // The saga ships to the address in the snapshot, so it is opened here (or reads as erased, for an erased customer).
    protected override global::Orders.Contracts.Privacy.ICustomerKeys Keys => keys;

    protected override IReadOnlyList<string> Topics => [global::Orders.Contracts.Topics.OrdersEvents];

    protected override IReadOnlyCollection<Order> Fold(IEnumerable<(LogRecord Record, object Message)> facts)
    {
        var orders = new Dictionary<Guid, Order>();
        var seen = new HashSet<Guid>();
        foreach (var (record, message) in facts)
        {
            if (message is not IOrderMessage fact || record.EventId is not { } id || !seen.Add(id)) continue; // a copy of a fact counts once
            if (OrderFold.Evolve(orders.GetValueOrDefault(fact.OrderId), fact) is { } order) orders[fact.OrderId] = order;
        }
        return orders.Values;
    }
}
