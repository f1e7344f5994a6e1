using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts.Privacy;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Recovery;

namespace Shipping.Api.Shipments;

/// <summary>
/// On an empty database, shipments that left or were stopped are folded back from shipping-events (their items, customer
/// and recipient from the ship requests still retained), so replayed ship requests ship nothing twice. A shipment that
/// was still waiting is not a fact yet: its replayed request recreates it and schedules its dispatch.
/// </summary>
public sealed class RestoreShipmentsFromLog(IDocumentStore store, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<RestoreShipmentsFromLog> logger,
    ICustomerKeys keys)
    : RestoreStateFromLog<Shipment>(store, State, kafka, configuration, logger)
{
    // The recipient is kept in clear (or erased), as the live handler keeps it.
    protected override ICustomerKeys Keys => keys;

    /// <summary>The shipments that shipping-events decided: what a restore writes and a rebuild compares with.</summary>
    public static readonly StateFold<Shipment> State = new(
        [global::Orders.Contracts.Topics.ShippingCommands, global::Orders.Contracts.Topics.ShippingEvents], Fold, shipment => shipment.Id);

    /// <summary>Requests and outcomes come from two topics, interleaved in any order: each outcome gets its request at the end.</summary>
    private static IReadOnlyCollection<Shipment> Fold(IEnumerable<(LogRecord Record, object Message)> facts)
    {
        var requests = new Dictionary<Guid, ShipOrder>();
        var shipments = new Dictionary<Guid, Shipment>();
        foreach (var (_, message) in facts)
        {
            switch (message)
            {
                case ShipOrder c:
                    requests.TryAdd(c.OrderId, c);
                    break;
                case OrderDispatched e:
                    shipments.TryAdd(e.OrderId, new Shipment(e.OrderId, ShipmentStatus.Dispatched, [], e.TrackingNumber, null));
                    break;
                case ShipmentCancelled e:
                    shipments.TryAdd(e.OrderId, new Shipment(e.OrderId, ShipmentStatus.Cancelled, [], null, e.Reason));
                    break;
                case ShipmentFailed e:
                    shipments.TryAdd(e.OrderId, new Shipment(e.OrderId, ShipmentStatus.Failed, [], null, e.Reason));
                    break;
            }
        }
        return shipments.Values.Select(s => requests.GetValueOrDefault(s.Id) is { } request
                ? s with
                {
                    Items = request.Lines.Select(l => new ShipmentItem(l.Sku, l.Quantity)).ToList(),
                    CustomerId = request.CustomerId,
                    Recipient = ShipmentDecider.RecipientOf(request),
                }
                : s)
            .ToList();
    }
}
