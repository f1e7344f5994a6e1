using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Batching;
using Wolverine;
using Wolverine.Runtime;

namespace Shipping.Api.Shipments;

/// <summary>
/// Shipping's commands from <c>shipping-commands</c> (ship, cancel), a polled batch in one transaction where
/// Wolverine's listener ran an inbox entry and a transaction per record (docs/performance.md, step 8).
/// <para>
/// Idempotent without the inbox (docs/architecture.md §5), by state: a ship request decides only while the order has no
/// shipment (a new shipment is inserted, so a racing copy fails on the primary key and the batch is applied again), a
/// cancellation only while it is pending or unknown; a command read again decides and sends nothing. An erasure racing
/// the batch on the same shipment fails its commit (optimistic concurrency) and the batch is applied again.
/// </para>
/// </summary>
public sealed class ShippingCommandsBatch(IDocumentStore store, IWolverineRuntime runtime, IOptions<ShippingSettings> settings)
    : CommandBatch<Shipment>(store, runtime)
{
    public override string Topic => Topics.ShippingCommands;

    protected override Guid OrderIdOf(Shipment shipment) => shipment.OrderId;

    protected override (Shipment? Document, IEnumerable<object> Messages) Decide(object command, Shipment? existing)
    {
        var delay = settings.Value.DispatchDelay;
        var decision = command switch
        {
            // No picking time: dispatched in the transaction that records the shipment.
            ShipOrder ship when delay <= TimeSpan.Zero => ShipmentDecider.DecideWithoutPickingTime(ship, existing, settings.Value.UnavailableSkus),
            ShipOrder ship => ShipmentDecider.Decide(ship, existing, settings.Value.UnavailableSkus),
            CancelShipment cancel => ShipmentDecider.Decide(cancel, existing),
            _ => throw new UnreadableRecordException($"{command.GetType().Name} is not a shipping command"),
        };
        // The warehouse's picking time: a durable scheduled message (DispatchShipmentHandler), cancellable meanwhile.
        return (decision.Shipment, decision.ScheduleDispatch
            ? [.. decision.Events, new DispatchShipment(decision.Shipment!.OrderId).DelayedFor(delay)]
            : decision.Events);
    }
}
