using Orders.Contracts.Privacy;
using Orders.Contracts.Shipping;
using Shipping.Api.Shipments;

namespace Orders.UnitTests.Privacy;

public class ErasedRecipientTests
{
    private static readonly Guid OrderId = Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10");
    private static PostalAddress Address(Func<string, PersonalField> f) => new(f("1 Main St"), f("Springfield"), f("12345"), f("US"));

    [Fact]
    public void Given_a_ship_request_whose_recipient_was_erased_When_decided_Then_the_shipment_is_cancelled_at_once()
    {
        var command = new ShipOrder(OrderId, [new ShipmentLine("SKU-1", 1)], "c-1", new Recipient(PersonalField.Erased, Address(_ => PersonalField.Erased)));
        var decision = ShipmentDecider.Decide(command, null, []);
        Assert.Equal(ShipmentStatus.Cancelled, decision.Shipment!.Status);
        Assert.False(decision.ScheduleDispatch);
        Assert.Equal([new ShipmentCancelled(OrderId, ShipmentDecider.RecipientErased)], decision.Events);
    }

    [Fact]
    public void Given_no_picking_time_and_an_erased_recipient_When_ship_ordered_Then_cancelled_not_dispatched()
    {
        var command = new ShipOrder(OrderId, [new ShipmentLine("SKU-1", 1)], "c-1", new Recipient(PersonalField.Erased, Address(_ => PersonalField.Erased)));
        var decision = ShipmentDecider.DecideWithoutPickingTime(command, null, []);
        Assert.Equal(ShipmentStatus.Cancelled, decision.Shipment?.Status);
        Assert.Equal([new ShipmentCancelled(OrderId, ShipmentDecider.RecipientErased)], decision.Events);
    }

    [Fact]
    public void Given_a_ship_request_with_a_readable_recipient_When_decided_Then_it_waits_for_dispatch_with_the_address()
    {
        var command = new ShipOrder(OrderId, [new ShipmentLine("SKU-1", 1)], "c-1", new Recipient(PersonalField.Open("c-1", "Ada"), Address(v => PersonalField.Open("c-1", v))));
        var decision = ShipmentDecider.Decide(command, null, []);
        Assert.Equal(ShipmentStatus.Pending, decision.Shipment!.Status);
        Assert.Equal(new ShipmentRecipient("Ada", "1 Main St", "Springfield", "12345", "US"), decision.Shipment.Recipient);
    }

    [Fact]
    public void Given_a_pending_shipment_erased_in_the_warehouse_When_dispatch_is_due_Then_it_is_cancelled_not_sent()
    {
        var pending = new Shipment(OrderId, ShipmentStatus.Pending, [new ShipmentItem("SKU-1", 1)], null, null, "c-1", ShipmentRecipient.Erased);
        var decision = ShipmentDecider.Decide(new DispatchShipment(OrderId), pending, "TRK-1");
        Assert.Equal(ShipmentStatus.Cancelled, decision.Shipment!.Status);
        Assert.Equal([new ShipmentCancelled(OrderId, ShipmentDecider.RecipientErased)], decision.Events);
    }
}
