using Alba;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Payment;

[Collection(SuiteCollection.Name)]
public sealed class payment_endpoints(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_placed_order_has_a_captured_payment_for_its_total()
    {
        var id = await _client.PlaceNewOrderAsync(unitPrice: 40m);
        var payment = await Eventually.Until(() => _client.GetPaymentAsync(id), p => p is not null, "the payment");
        Assert.Equal((id, "Captured", 80m, "EUR"), (payment!.OrderId, payment.Status, payment.Amount, payment.Currency));
    }

    [Fact]
    public async Task an_order_without_payment_answers_404_problem_details() =>
        await suite.Payment.Scenario(s =>
        {
            s.Get.Url($"/payments/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(404);
            s.ContentTypeShouldBe("application/problem+json");
        });

    [Fact]
    public async Task a_malformed_order_id_answers_404_not_500() =>
        await suite.Payment.Scenario(s =>
        {
            s.Get.Url("/payments/not-a-guid");
            s.StatusCodeShouldBe(404);
        });
}
