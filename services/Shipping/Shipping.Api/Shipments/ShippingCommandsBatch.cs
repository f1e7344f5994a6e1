using Marten;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Batching;
using Wolverine;
using Wolverine.Runtime;

namespace Shipping.Api.Shipments;

/// <summary>
/// Shipping's commands from <c>shipping-commands</c> (ship, cancel), a polled batch in one transaction
/// (<see cref="BatchedListener{THandler}"/>) where Wolverine's listener ran an inbox entry and a transaction per record
/// (docs/performance.md, step 8). Each command runs through <see cref="ShipmentDecider"/> on the shipment as the batch
/// left it; each changed shipment is written once; the facts decided go out through Wolverine's durable outbox in the
/// same transaction, sent after its commit.
/// <para>
/// Idempotent without the inbox (ARCHITECTURE §5), by state: a ship request decides only while the order has no
/// shipment (a new shipment is inserted, so a racing copy fails on the primary key), a cancellation only while it is
/// pending or unknown; a command read again decides and sends nothing. An erasure racing the batch on the same shipment
/// fails its commit (optimistic concurrency) and the batch is applied again.
/// </para>
/// </summary>
public sealed class ShippingCommandsBatch(IDocumentStore store, IWolverineRuntime runtime, IOptions<ShippingSettings> settings) : IBatchHandler
{
    public string Topic => Topics.ShippingCommands;

    public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var outbox = new CausedOutbox(runtime, session);
        var shipments = await DocumentsByOrder<Shipment>.LoadAsync(session, batch.Select(OrderIdOf), s => s.OrderId, cancellation);

        foreach (var record in batch)
        {
            var orderId = OrderIdOf(record);
            var decision = Decide(record.Message, shipments.Find(orderId));
            if (decision.Shipment is null) continue; // a repeat, or too late to change anything
            shipments.Change(orderId, decision.Shipment);
            // The warehouse's picking time: a durable scheduled message (DispatchShipmentHandler), cancellable meanwhile.
            await outbox.PublishCausedByAsync(record, decision.ScheduleDispatch
                ? [.. decision.Events, new DispatchShipment(orderId).DelayedFor(settings.Value.DispatchDelay)]
                : decision.Events);
        }

        shipments.WriteChanges(session);
        await session.SaveChangesAsync(cancellation);
    }

    private ShipmentDecision Decide(object command, Shipment? existing) => command switch
    {
        ShipOrder ship when settings.Value.DispatchDelay <= TimeSpan.Zero => ShipmentDecider.DecideWithoutPickingTime(ship, existing, settings.Value.UnavailableSkus),
        ShipOrder ship => ShipmentDecider.Decide(ship, existing, settings.Value.UnavailableSkus),
        CancelShipment cancel => ShipmentDecider.Decide(cancel, existing),
        _ => throw new UnreadableRecordException($"{command.GetType().Name} is not a shipping command"),
    };

    private static Guid OrderIdOf(DecodedRecord record) =>
        (record.Message as IOrderMessage ?? throw new UnreadableRecordException($"{record.CurrentType} is not about an order")).OrderId;
}
