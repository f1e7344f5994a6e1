using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.Contracts.Versioning;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>
/// Payment and Shipping apply a polled batch of commands in one transaction: two commands for one order read together
/// (written back to back to the same partition) must build on each other, exactly as they would one at a time.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class commands_for_one_order_in_one_batch(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_capture_then_a_refund_capture_and_refund_once_and_a_ship_then_a_cancel_ships_nothing()
    {
        var id = Guid.NewGuid(); // an order Ordering never saw: only Payment and Shipping act on these commands
        await ProduceAsync(Topics.PaymentsCommands, id, new CapturePayment(id, 42m, "EUR"));
        await ProduceAsync(Topics.PaymentsCommands, id, new RefundPayment(id, "cancelled by the customer"));
        await ProduceAsync(Topics.ShippingCommands, id, new ShipOrder(id, [new ShipmentLine("SKU-1", 1)]));
        await ProduceAsync(Topics.ShippingCommands, id, new CancelShipment(id, "cancelled by the customer"));

        await Eventually.Until(() => _client.GetPaymentAsync(id), p => p?.Status == "Refunded", "the payment refunded");
        await Eventually.Until(() => _client.GetShipmentAsync(id), s => s?.Status == "Cancelled", "the shipment cancelled");
        await Task.Delay(SuiteFixture.DispatchDelay + TimeSpan.FromSeconds(1)); // the scheduled dispatch, if any, has run

        Assert.Equal(["payments.payment-captured.v1", "payments.payment-refunded.v1"], TypesOn(Topics.PaymentsEvents, id));
        Assert.Equal(["shipping.shipment-cancelled.v1"], TypesOn(Topics.ShippingEvents, id));
        Assert.Equal("Cancelled", (await _client.GetShipmentAsync(id))!.Status);
    }

    private Task ProduceAsync(string topic, Guid orderId, object command) =>
        TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, topic, orderId, MessageContracts.WireTypeOf(command.GetType()),
            JsonSerializer.Serialize(command, command.GetType(), ContractJson.Options));

    private List<string> TypesOn(string topic, Guid orderId) =>
        TopicReader.ReadAll(suite.Kafka.BootstrapServers, topic, orderId.ToString()).Select(r => r.MessageType).ToList();
}
