using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Recovery;

namespace Shipping.Api.Shipments;

/// <summary>
/// On an empty database, shipments that left or were stopped are folded back from shipping-events (their items from the
/// ship requests still retained), so replayed ship requests ship nothing twice. A shipment that was still waiting is not
/// a fact yet: its replayed request recreates it and schedules its dispatch.
/// </summary>
public sealed class RestoreShipmentsFromLog(IDocumentStore store, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<RestoreShipmentsFromLog> logger)
    : RestoreStateFromLog<Shipment>(store, kafka, configuration, logger)
{
    protected override IReadOnlyList<string> Topics => [global::Orders.Contracts.Topics.ShippingCommands, global::Orders.Contracts.Topics.ShippingEvents];

    protected override IReadOnlyCollection<Shipment> Fold(IEnumerable<(LogRecord Record, object Message)> facts)
    {
        var items = new Dictionary<Guid, IReadOnlyList<ShipmentItem>>();
        var shipments = new Dictionary<Guid, Shipment>();
        foreach (var (_, message) in facts)
        {
            switch (message)
            {
                case ShipOrder c:
                    items.TryAdd(c.OrderId, c.Lines.Select(l => new ShipmentItem(l.Sku, l.Quantity)).ToList());
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
        return shipments.Values.Select(s => s with { Items = items.GetValueOrDefault(s.Id) ?? [] }).ToList();
    }
}
