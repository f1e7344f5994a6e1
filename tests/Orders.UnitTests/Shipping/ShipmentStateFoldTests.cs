using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Kafka;
using Shipping.Api.Shipments;

namespace Orders.UnitTests.Shipping;

/// <summary>
/// The fold that restores and rebuilds shipments gives, from the ship request and the published outcome, the document
/// the decider stored live (items, customer and all); a shipment still waiting is no fact yet.
/// </summary>
public class ShipmentStateFoldTests
{
    private static readonly Guid OrderId = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000014");
    private static readonly ShipOrder Ship = new(OrderId, [new ShipmentLine("SKU-1", 2), new ShipmentLine("SKU-2", 1)], "c-1");

    private static Shipment[] Fold(params object[] facts) =>
        [.. RestoreShipmentsFromLog.State.Fold(facts.Select(f => (new LogRecord("shipping", 0, 0, DateTimeOffset.UnixEpoch, OrderId.ToString(), new Dictionary<string, string>(), null), f)))];

    /// <summary>Records compare their lists by reference: compare what a reader sees instead.</summary>
    private static string Describe(Shipment s) => $"{s.Id} {s.Status} [{string.Join(",", s.Items)}] {s.TrackingNumber} {s.Reason} {s.CustomerId} {s.Recipient}";

    [Fact]
    public void Given_a_request_then_its_dispatch_When_folded_Then_the_dispatched_shipment_the_decider_stored()
    {
        var pending = ShipmentDecider.Decide(Ship, null, []);
        var dispatched = ShipmentDecider.Decide(new DispatchShipment(OrderId), pending.Shipment, ShipmentDecider.TrackingNumberFor(OrderId));
        Assert.Equal([Describe(dispatched.Shipment!)], Fold([Ship, .. dispatched.Events]).Select(Describe));
    }

    [Fact]
    public void Given_a_request_the_warehouse_cannot_pick_When_folded_Then_the_failed_shipment_the_decider_stored()
    {
        var failed = ShipmentDecider.Decide(Ship, null, ["SKU-2"]);
        Assert.Equal([Describe(failed.Shipment!)], Fold([Ship, .. failed.Events]).Select(Describe));
    }

    [Fact]
    public void Given_a_cancel_with_no_request_When_folded_Then_the_tombstone_the_decider_stored()
    {
        var tombstone = ShipmentDecider.Decide(new CancelShipment(OrderId, "order cancelled"), null);
        Assert.Equal([Describe(tombstone.Shipment!)], Fold([.. tombstone.Events]).Select(Describe));
    }

    [Fact]
    public void Given_a_request_still_waiting_for_dispatch_When_folded_Then_no_shipment_so_the_replayed_request_schedules_it_again() =>
        Assert.Empty(Fold(Ship));
}
