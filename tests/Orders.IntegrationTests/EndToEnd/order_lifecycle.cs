using System.Net;
using System.Net.Http.Json;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>All three services against one broker: the order's whole life, through HTTP, checked against the topics.</summary>
[Collection(SuiteCollection.Name)]
public sealed class order_lifecycle(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    private List<TopicRecord> Records(string topic, Guid orderId) => TopicReader.ReadAll(suite.Kafka.BootstrapServers, topic, orderId.ToString());

    [Fact]
    public async Task a_normal_order_ends_shipped_with_one_capture_and_one_shipment()
    {
        var id = await _client.PlaceNewOrderAsync(unitPrice: 12.50m);

        var order = await _client.WaitForStatusAsync(id, "Shipped");
        Assert.Equal((25.00m, 5), (order!.Total, order.Version));

        var payment = await _client.GetPaymentAsync(id);
        Assert.Equal(("Captured", 25.00m, "EUR"), (payment!.Status, payment.Amount, payment.Currency));
        var shipment = await _client.GetShipmentAsync(id);
        Assert.Equal("Dispatched", shipment!.Status);
        Assert.StartsWith("TRK-", shipment.TrackingNumber);

        Assert.Equal(["orders.order-created.v3", "orders.item-added.v1", "orders.order-placed.v1", "orders.order-paid.v1", "orders.order-shipped.v1"],
            Records(Topics.OrdersEvents, id).Select(r => r.MessageType));
        Assert.Equal(["payments.capture-payment.v1"], Records(Topics.PaymentsCommands, id).Select(r => r.MessageType));
        Assert.Equal(["payments.payment-captured.v1"], Records(Topics.PaymentsEvents, id).Select(r => r.MessageType));
        Assert.Equal(["shipping.ship-order.v2"], Records(Topics.ShippingCommands, id).Select(r => r.MessageType));
        Assert.Equal(["shipping.order-shipped.v1"], Records(Topics.ShippingEvents, id).Select(r => r.MessageType));
    }

    [Fact]
    public async Task an_order_above_the_limit_ends_cancelled_with_a_declined_payment_and_no_shipment()
    {
        var id = await _client.PlaceNewOrderAsync(unitPrice: 6_000m); // 2 × 6,000 > the 10,000 limit

        await _client.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("Declined", (await _client.GetPaymentAsync(id))!.Status);
        Assert.Null(await _client.GetShipmentAsync(id));
        Assert.Empty(Records(Topics.ShippingCommands, id));
        Assert.Equal(["payments.payment-declined.v1"], Records(Topics.PaymentsEvents, id).Select(r => r.MessageType));
    }

    [Fact]
    public async Task an_order_the_warehouse_cannot_ship_is_cancelled_and_its_payment_refunded()
    {
        var response = await _client.PostAsync("/orders", new { customerId = "c-1", currency = "EUR", items = new[] { new { sku = SuiteFixture.UnavailableSku, quantity = 1, unitPrice = 30m } } });
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/orders/{id}/place")).StatusCode);

        await _client.WaitForStatusAsync(id, "Cancelled");
        var payment = await Eventually.Until(() => _client.GetPaymentAsync(id), p => p?.Status == "Refunded", "the refund");
        Assert.Equal(30m, payment!.Amount);
        Assert.Equal("Failed", (await _client.GetShipmentAsync(id))!.Status);
        Assert.Equal(["shipping.shipment-failed.v1"], Records(Topics.ShippingEvents, id).Select(r => r.MessageType));
        Assert.Equal(["payments.payment-captured.v1", "payments.payment-refunded.v1"], await TopicReader.TypesOnceThereAsync(suite.Kafka.BootstrapServers, Topics.PaymentsEvents, id, 2));
    }

    [Fact]
    public async Task an_order_cancelled_after_payment_is_refunded_and_never_shipped()
    {
        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Paid");

        var cancel = await _client.PostAsync($"/orders/{id}/cancel", new { reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode); // Shipping must confirm the parcel has not left

        await _client.WaitForStatusAsync(id, "Cancelled");
        var payment = await Eventually.Until(() => _client.GetPaymentAsync(id), p => p?.Status == "Refunded", "the refund");
        Assert.Equal(25.00m, payment!.Amount);

        // The warehouse's dispatch, scheduled when the order was paid, has come due and run: the parcel must still not have left.
        var dispatch = await Eventually.Settle(() => Inbox.StatusesAsync(suite.ShippingDatabase, typeof(global::Shipping.Api.Shipments.DispatchShipment), id), s => s is ["Handled"]);
        Assert.Equal(["Handled"], dispatch);
        Assert.Equal("Cancelled", (await _client.GetShipmentAsync(id))!.Status);
        Assert.DoesNotContain(Records(Topics.ShippingEvents, id), r => r.MessageType == "shipping.order-shipped.v1");
        Assert.Equal("Cancelled", (await _client.GetOrderAsync(id))!.Status);
        Assert.Equal(["payments.payment-captured.v1", "payments.payment-refunded.v1"], await TopicReader.TypesOnceThereAsync(suite.Kafka.BootstrapServers, Topics.PaymentsEvents, id, 2));
    }

    [Fact]
    public async Task an_order_cancelled_before_it_is_placed_never_reaches_payment()
    {
        var id = await _client.CreateOrderAsync();
        var cancel = await _client.PostAsync($"/orders/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        await _client.WaitForStatusAsync(id, "Cancelled");
        Assert.Empty(Records(Topics.PaymentsCommands, id));
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/orders/{id}/place")).StatusCode);
    }
}
