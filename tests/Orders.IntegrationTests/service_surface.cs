using Alba;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests;

/// <summary>What every service exposes besides its domain: health probes, the OpenAPI document and the API page.</summary>
[Collection(SuiteCollection.Name)]
public sealed class service_surface(SuiteFixture suite)
{
    public static TheoryData<string> Services => new() { "ordering", "payment", "shipping" };

    private IAlbaHost Host(string service) => service switch
    {
        "ordering" => suite.Ordering, "payment" => suite.Payment, _ => suite.Shipping,
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task liveness_answers_200(string service) =>
        await Host(service).Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBe(200); });

    [Theory]
    [MemberData(nameof(Services))]
    public async Task readiness_answers_200_naming_postgres_kafka_and_the_listeners(string service)
    {
        var result = await Eventually.Until(
            async () => await Host(service).Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); }),
            r => r.Context.Response.StatusCode == 200, $"{service} to be ready");
        var body = await result.ReadAsTextAsync();
        foreach (var check in new[] { "postgresql", "kafka", "listeners" }) Assert.Contains($"\"{check}\"", body);
    }

    /// <summary>
    /// The list the quiet check, make chaos's group resets and make bench's lag read (Subscriptions) names exactly the
    /// topics the service's listeners read, Wolverine's and the batched ones alike.
    /// </summary>
    [Theory]
    [MemberData(nameof(Services))]
    public async Task the_service_reads_exactly_the_topics_its_subscriptions_list(string service)
    {
        var services = Host(service).Services;
        var expected = Orders.Contracts.Subscriptions.ByService[service].Order().ToList();
        // Running, not only registered: Wolverine's listeners once started, the batched ones while consuming.
        var reads = await Eventually.Settle(
            () => Task.FromResult(services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Endpoints.ActiveListeners()
                .Where(l => l.Uri.Scheme == "kafka").Select(l => l.Uri.Segments.Last())
                .Concat(services.GetServices<Orders.ServiceDefaults.Batching.IBatchedListenerStatus>().Where(b => b.IsConsuming).Select(b => b.Topic))
                .Order().ToList()),
            topics => topics.SequenceEqual(expected));
        Assert.Equal(expected, reads);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task the_openapi_document_and_the_api_page_are_served(string service)
    {
        var document = await Host(service).Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); });
        var expectedPath = service switch { "ordering" => "/orders/{orderId}", "payment" => "/payments/{orderId}", _ => "/shipments/{orderId}" };
        Assert.Contains(expectedPath, await document.ReadAsTextAsync());
        var page = await Host(service).Scenario(s => { s.Get.Url("/docs/v1"); s.StatusCodeShouldBe(200); });
        Assert.Contains("<html", await page.ReadAsTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task prometheus_scrapes_consumer_lag_and_inbox_depth_as_measured_by_readiness(string service)
    {
        // The gauges hold what the readiness checks last measured: probe first, as the kubelet does.
        await Eventually.Until(
            async () => await Host(service).Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); }),
            r => r.Context.Response.StatusCode == 200, $"{service} to be ready");
        var metrics = await Eventually.Until(
            async () => await (await Host(service).Scenario(s => { s.Get.Url("/metrics"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync(),
            text => text.Contains("orders_consumer_lag"), $"{service} to expose its gauges");
        Assert.Matches($"orders_consumer_lag\\{{[^}}]*service=\"{service}\"[^}}]*topic=\"[a-z-]+\"\\}} \\d+", metrics);
        Assert.Matches($"orders_envelope_store_depth\\{{[^}}]*service=\"{service}\"[^}}]*store=\"inbox\"\\}} \\d+", metrics);
    }

    [Fact]
    public async Task prometheus_scrapes_the_order_lifecycle_latency_from_placed_to_shipped()
    {
        var before = LifecycleCount(await MetricsAsync("ordering"), "shipped");
        var client = new SuiteClient(suite);
        var orderId = await client.PlaceNewOrderAsync();
        await client.WaitForStatusAsync(orderId, "Shipped");

        var after = await Eventually.Settle(async () => LifecycleCount(await MetricsAsync("ordering"), "shipped"), n => n > before);
        Assert.True(after > before, $"the lifecycle histogram's shipped count stayed at {after} after an order shipped");
        Assert.Matches("orders_lifecycle_duration_seconds_bucket\\{[^}]*outcome=\"shipped\"[^}]*le=\"\\+Inf\"[^}]*\\} \\d+", await MetricsAsync("ordering"));
    }

    [Fact]
    public async Task prometheus_scrapes_each_hop_the_batched_listeners_take_record_age_and_apply_time()
    {
        var before = HopCounts(await MetricsAsync("payment"), Topics.PaymentsCommands);
        var client = new SuiteClient(suite);
        var orderId = await client.PlaceNewOrderAsync();
        await client.WaitForStatusAsync(orderId, "Shipped");

        // Payment applied the CapturePayment batch: one more of each histogram's count.
        var after = await Eventually.Settle(async () => HopCounts(await MetricsAsync("payment"), Topics.PaymentsCommands), n => n.Batches > before.Batches && n.Ages > before.Ages);
        Assert.True(after.Batches > before.Batches, $"orders_listener_batch_duration_seconds_count for payments-commands stayed at {after.Batches}");
        Assert.True(after.Ages > before.Ages, $"orders_listener_record_age_seconds_count for payments-commands stayed at {after.Ages}");
    }

    /// <summary>The batched listeners' histogram counts for one topic; 0 before the first batch.</summary>
    private static (long Batches, long Ages) HopCounts(string metrics, string topic) =>
        (HistogramCount(metrics, "orders_listener_batch_duration_seconds", "topic", topic),
         HistogramCount(metrics, "orders_listener_record_age_seconds", "topic", topic));

    private async Task<string> MetricsAsync(string service) =>
        await (await Host(service).Scenario(s => { s.Get.Url("/metrics"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync();

    /// <summary>The lifecycle histogram's count for one outcome; 0 before its first measurement.</summary>
    private static long LifecycleCount(string metrics, string outcome) =>
        HistogramCount(metrics, "orders_lifecycle_duration_seconds", "outcome", outcome);

    /// <summary>A histogram's count for the series with one label's value; 0 before its first measurement.</summary>
    private static long HistogramCount(string metrics, string histogram, string label, string value)
    {
        var match = System.Text.RegularExpressions.Regex.Match(metrics, $"{histogram}_count\\{{[^}}]*{label}=\"{value}\"[^}}]*\\}} (\\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value) : 0;
    }
}
