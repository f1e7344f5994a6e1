using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Shipping.Api.Shipments;

public static class DispatchShipmentHandler
{
    public static Task<Shipment?> LoadAsync(DispatchShipment command, IDocumentSession session) => session.LoadAsync<Shipment>(command.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(DispatchShipment command, Shipment? existing)
    {
        var decision = ShipmentDecider.Decide(command, existing, ShipmentDecider.TrackingNumberFor(command.OrderId));
        return decision.Shipment is null ? ([], MartenOps.Nothing()) : ([.. decision.Events], MartenOps.Store(decision.Shipment));
    }
}
