using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Shipping.Api.Shipments;

public static class ShipOrderHandler
{
    public static Task<Shipment?> LoadAsync(ShipOrder command, IDocumentSession session) => session.LoadAsync<Shipment>(command.OrderId);

    /// <summary>
    /// Records the shipment (inserted: one per order, enforced by the primary key) and schedules its dispatch
    /// in the same transaction, through Wolverine's durable scheduled messages.
    /// </summary>
    public static (OutgoingMessages, IMartenOp) Handle(ShipOrder command, Shipment? existing, IOptions<ShippingSettings> settings)
    {
        var decision = ShipmentDecider.Decide(command, existing, settings.Value.UnavailableSkus);
        if (decision.Shipment is null) return ([], MartenOps.Nothing());

        OutgoingMessages messages = [.. decision.Events];
        // No picking time: dispatch through the durable local queue at once, not through the scheduled-message poller.
        if (decision.ScheduleDispatch)
            messages.Add(settings.Value.DispatchDelay > TimeSpan.Zero
                ? new DispatchShipment(command.OrderId).DelayedFor(settings.Value.DispatchDelay)
                : new DispatchShipment(command.OrderId));
        return (messages, MartenOps.Insert(decision.Shipment));
    }
}
