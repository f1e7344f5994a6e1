using Alba;
using Orders.IntegrationTests.Infrastructure;
using Orders.Kafka.Embedded;

namespace Orders.IntegrationTests;

/// <summary>
/// Readiness follows the broker: a service whose Kafka is gone answers 503 naming the failing check, and recovers by
/// itself when the broker returns. Uses a private embedded broker (its fault API), so the shared suite is untouched.
/// </summary>
public sealed class readiness_under_faults : IAsyncLifetime
{
    private EmbeddedKafkaCluster _broker = null!;
    private PostgresServer _postgres = null!;
    private IAlbaHost _ordering = null!;

    public async Task InitializeAsync()
    {
        _broker = KafkaServer.StartEmbeddedWithCatalog();
        _postgres = await PostgresServer.StartAsync();
        var database = await _postgres.CreateDatabaseAsync("readiness");
        _ordering = await AlbaHost.For<global::Ordering.Api.Orders.Order>(builder =>
        {
            builder.UseSetting("Kafka:BootstrapServers", _broker.BootstrapServers);
            builder.UseSetting("ConnectionStrings:Postgres", database);
            builder.UseSetting("ConnectionStrings:KeyStore", database); // its own schema, enough here
            builder.UseSetting("Logging:LogLevel:Default", "Critical");
        });
    }

    private Task<(int Status, string Body)> ReadyAsync() => Task.Run(async () =>
    {
        var result = await _ordering.Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    });

    [Fact]
    public async Task readiness_answers_503_naming_kafka_while_the_broker_is_down_and_200_once_it_is_back()
    {
        await Eventually.Until(ReadyAsync, r => r.Status == 200, "ready before the fault");

        _broker.SetBrokerDown(-1);
        var down = await Eventually.Until(ReadyAsync, r => r.Status == 503, "not ready while the broker is down");
        Assert.Matches("\"kafka\":\\s*\\{\\s*\"status\":\\s*\"Unhealthy\"", down.Body);
        Assert.Matches("\"postgresql\":\\s*\\{\\s*\"status\":\\s*\"Healthy\"", down.Body);

        _broker.SetBrokerUp(-1);
        await Eventually.Until(ReadyAsync, r => r.Status == 200, "ready again after the broker returned");
        await _ordering.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBe(200); });
    }

    public async Task DisposeAsync()
    {
        await _ordering.DisposeAsync();
        await _postgres.DisposeAsync();
        _broker.Dispose();
    }
}
