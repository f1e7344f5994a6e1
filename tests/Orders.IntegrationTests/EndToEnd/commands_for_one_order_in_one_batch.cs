using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.Contracts.Versioning;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>
/// Payment and Shipping apply a polled batch of commands in one transaction: two commands for one order fetched together
/// (written in one produce request to the same partition) must build on each other, exactly as they would one at a time.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class commands_for_one_order_in_one_batch(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_capture_then_a_refund_capture_and_refund_once_and_a_ship_then_a_cancel_ships_nothing()
    {
        var id = Guid.NewGuid(); // an order Ordering never saw: only Payment and Shipping act on these commands
        await ProduceTogetherAsync(Topics.PaymentsCommands, id, new CapturePayment(id, 42m, "EUR"), new RefundPayment(id, "cancelled by the customer"));
        await ProduceTogetherAsync(Topics.ShippingCommands, id, new ShipOrder(id, [new ShipmentLine("SKU-1", 1)]), new CancelShipment(id, "cancelled by the customer"));

        await Eventually.Until(() => _client.GetPaymentAsync(id), p => p?.Status == "Refunded", "the payment refunded");
        await Eventually.Until(() => _client.GetShipmentAsync(id), s => s?.Status == "Cancelled", "the shipment cancelled");
        // The dispatch the ship command scheduled has come due and run (against a cancelled shipment).
        var dispatch = await Eventually.Settle(() => Inbox.StatusesAsync(suite.ShippingDatabase, typeof(global::Shipping.Api.Shipments.DispatchShipment), id), s => s is ["Handled"]);
        Assert.Equal(["Handled"], dispatch);

        Assert.Equal(["payments.payment-captured.v1", "payments.payment-refunded.v1"], await TopicReader.TypesOnceThereAsync(suite.Kafka.BootstrapServers, Topics.PaymentsEvents, id, 2));
        Assert.Equal(["shipping.shipment-cancelled.v1"], await TopicReader.TypesOnceThereAsync(suite.Kafka.BootstrapServers, Topics.ShippingEvents, id, 1));
        Assert.Equal("Cancelled", (await _client.GetShipmentAsync(id))!.Status);
    }

    private Task ProduceTogetherAsync(string topic, Guid orderId, params object[] commands) =>
        TopicReader.ProduceTogetherAsync(suite.Kafka.BootstrapServers, topic, orderId,
            commands.Select(c => (MessageContracts.WireTypeOf(c.GetType()), JsonSerializer.SerializeToUtf8Bytes(c, c.GetType(), ContractJson.Options))).ToArray());
}
