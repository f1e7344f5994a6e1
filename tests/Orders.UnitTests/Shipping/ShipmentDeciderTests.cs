using Orders.Contracts.Shipping;
using Shipping.Api.Shipments;

namespace Orders.UnitTests.Shipping;

public class ShipmentDeciderTests
{
    private static readonly Guid OrderId = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000004");
    private static readonly ShipOrder Ship = new(OrderId, [new ShipmentLine("SKU-1", 2)]);

    private static Shipment Pending() => ShipmentDecider.Decide(Ship, null, []).Shipment!;
    private static Shipment Dispatched() => ShipmentDecider.Decide(new DispatchShipment(OrderId), Pending(), "TRK-1").Shipment!;

    [Fact]
    public void Given_no_shipment_When_ship_ordered_Then_pending_and_dispatch_scheduled()
    {
        var decision = ShipmentDecider.Decide(Ship, null, []);
        Assert.Equal(ShipmentStatus.Pending, decision.Shipment?.Status);
        Assert.True(decision.ScheduleDispatch);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_no_picking_time_When_ship_ordered_Then_dispatched_at_once_with_its_tracking_number()
    {
        var decision = ShipmentDecider.DecideWithoutPickingTime(Ship, null, []);
        var tracking = ShipmentDecider.TrackingNumberFor(OrderId);
        Assert.Equal((ShipmentStatus.Dispatched, tracking), (decision.Shipment?.Status, decision.Shipment?.TrackingNumber));
        Assert.Equal([new OrderDispatched(OrderId, tracking)], decision.Events);
        Assert.False(decision.ScheduleDispatch);
    }

    [Fact]
    public void Given_no_picking_time_When_ship_ordered_again_or_unpickable_Then_decided_as_with_picking_time()
    {
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.DecideWithoutPickingTime(Ship, Dispatched(), []));
        var failed = ShipmentDecider.DecideWithoutPickingTime(Ship, null, ["SKU-1"]);
        Assert.Equal(ShipmentStatus.Failed, failed.Shipment?.Status);
        Assert.IsType<ShipmentFailed>(Assert.Single(failed.Events));
    }

    [Fact]
    public void Given_any_shipment_When_ship_ordered_again_Then_nothing() =>
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(Ship, Dispatched(), []));

    [Fact]
    public void Given_pending_shipment_When_dispatched_Then_order_dispatched_with_tracking_number()
    {
        var decision = ShipmentDecider.Decide(new DispatchShipment(OrderId), Pending(), "TRK-1");
        Assert.Equal((ShipmentStatus.Dispatched, "TRK-1"), (decision.Shipment?.Status, decision.Shipment?.TrackingNumber));
        Assert.Equal([new OrderDispatched(OrderId, "TRK-1")], decision.Events);
    }

    [Fact]
    public void Given_dispatched_shipment_When_dispatch_runs_again_Then_nothing() =>
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(new DispatchShipment(OrderId), Dispatched(), "TRK-2"));

    [Fact]
    public void Given_pending_shipment_When_cancelled_Then_cancelled()
    {
        var decision = ShipmentDecider.Decide(new CancelShipment(OrderId, "why"), Pending());
        Assert.Equal(ShipmentStatus.Cancelled, decision.Shipment?.Status);
        Assert.Equal([new ShipmentCancelled(OrderId, "why")], decision.Events);
    }

    [Fact]
    public void Given_dispatched_shipment_When_cancelled_Then_too_late_nothing() =>
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(new CancelShipment(OrderId, "why"), Dispatched()));

    [Fact]
    public void Given_no_shipment_When_cancelled_Then_tombstone_makes_a_late_ship_request_a_no_op()
    {
        var cancelled = ShipmentDecider.Decide(new CancelShipment(OrderId, "why"), null);
        Assert.Equal([new ShipmentCancelled(OrderId, "why")], cancelled.Events);
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(Ship, cancelled.Shipment, []));
    }

    [Fact]
    public void Given_cancelled_shipment_When_dispatch_runs_Then_nothing_leaves() =>
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(new DispatchShipment(OrderId), ShipmentDecider.Decide(new CancelShipment(OrderId, "x"), Pending()).Shipment, "TRK-1"));

    [Fact]
    public void Tracking_numbers_are_derived_from_the_order_id_so_replays_agree()
    {
        Assert.Equal("TRK-7D9F1C2E0000", ShipmentDecider.TrackingNumberFor(OrderId));
        Assert.NotEqual(ShipmentDecider.TrackingNumberFor(OrderId), ShipmentDecider.TrackingNumberFor(Guid.Parse("0a1b2c3d-0000-4000-8000-000000000004")));
    }

    [Fact]
    public void Given_an_item_the_warehouse_cannot_pick_When_ship_ordered_Then_the_shipment_fails_and_nothing_is_scheduled()
    {
        var decision = ShipmentDecider.Decide(new ShipOrder(OrderId, [new ShipmentLine("SKU-1", 1), new ShipmentLine("SKU-GONE", 1)]), null, ["SKU-GONE"]);
        Assert.Equal(ShipmentStatus.Failed, decision.Shipment?.Status);
        Assert.False(decision.ScheduleDispatch);
        Assert.Equal([new ShipmentFailed(OrderId, "The warehouse cannot pick SKU-GONE.")], decision.Events);
    }

    [Fact]
    public void Given_a_failed_shipment_When_ship_ordered_again_or_cancelled_Then_nothing()
    {
        var failed = ShipmentDecider.Decide(Ship, null, ["SKU-1"]).Shipment;
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(Ship, failed, []));
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(new CancelShipment(OrderId, "why"), failed));
        Assert.Same(ShipmentDecision.Nothing, ShipmentDecider.Decide(new DispatchShipment(OrderId), failed, "TRK-1"));
    }
}
