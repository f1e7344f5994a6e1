using Alba;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Shipping;

[Collection(SuiteCollection.Name)]
public sealed class shipping_endpoints(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_paid_order_is_shipped_with_a_tracking_number_derived_from_its_id()
    {
        var id = await _client.PlaceNewOrderAsync();
        var shipment = await Eventually.Until(() => _client.GetShipmentAsync(id), s => s?.Status == "Dispatched", "the dispatch");
        Assert.Equal("TRK-" + id.ToString("N")[..12].ToUpperInvariant(), shipment!.TrackingNumber);
    }

    [Fact]
    public async Task an_order_without_shipment_answers_404_problem_details() =>
        await suite.Shipping.Scenario(s =>
        {
            s.Get.Url($"/shipments/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(404);
            s.ContentTypeShouldBe("application/problem+json");
        });
}
