using Marten;
using Orders.Contracts.Shipping;
using Wolverine;
using Wolverine.Marten;

namespace Shipping.Api.Shipments;

public static class CancelShipmentHandler
{
    public static Task<Shipment?> LoadAsync(CancelShipment command, IDocumentSession session) => session.LoadAsync<Shipment>(command.OrderId);

    public static (OutgoingMessages, IMartenOp) Handle(CancelShipment command, Shipment? existing)
    {
        var decision = ShipmentDecider.Decide(command, existing);
        if (decision.Shipment is null) return ([], MartenOps.Nothing());
        // A tombstone for a never-requested shipment is new; a pending one is updated under its loaded version.
        IMartenOp storage = existing is null ? MartenOps.Insert(decision.Shipment) : MartenOps.Store(decision.Shipment);
        return ([.. decision.Events], storage);
    }
}
