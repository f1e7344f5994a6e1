using System.Text;
using System.Text.Json;
using Alba;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;
using Orders.Kafka.Embedded;
using Wolverine.Runtime;

namespace Orders.IntegrationTests;

/// <summary>
/// Readiness follows consumer lag: a replica whose consumer group falls further behind a topic than
/// <c>Health:MaxConsumerLag</c> answers 503 (Kubernetes stops routing reads to it) and comes back once it has caught up.
/// The lag is made by stopping one listener and writing records it has not consumed; a private broker keeps the
/// shared suite untouched.
/// </summary>
public sealed class readiness_follows_consumer_lag : IAsyncLifetime
{
    private const int MaxLag = 5;
    private const string Topic = Topics.CustomersEvents; // read by a Wolverine listener in Ordering (the others are batched)
    private EmbeddedKafkaCluster _broker = null!;
    private PostgresServer _postgres = null!;
    private IAlbaHost _ordering = null!;

    public async Task InitializeAsync()
    {
        _broker = KafkaServer.StartEmbeddedWithCatalog();
        _broker.SetGroupInitialRebalanceDelay(0);
        _postgres = await PostgresServer.StartAsync();
        var database = await _postgres.CreateDatabaseAsync("consumer_lag");
        _ordering = await AlbaHost.For<global::Ordering.Api.Orders.Order>(builder =>
        {
            builder.UseSetting("Kafka:BootstrapServers", _broker.BootstrapServers);
            builder.UseSetting("ConnectionStrings:Postgres", database);
            builder.UseSetting("ConnectionStrings:KeyStore", database); // the key store keeps its own schema: enough here
            builder.UseSetting("Logging:LogLevel:Default", "Critical");
            builder.UseSetting("Health:MaxConsumerLag", MaxLag.ToString());
            builder.UseSetting("Health:CacheFor", "00:00:00.200");
        });
    }

    private Task<(int Status, JsonElement ConsumerLag, string Body)> ReadyAsync() => Task.Run(async () =>
    {
        var result = await _ordering.Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); });
        var text = await result.ReadAsTextAsync();
        using var body = JsonDocument.Parse(text);
        return (result.Context.Response.StatusCode, body.RootElement.GetProperty("checks").GetProperty("consumerLag").Clone(), text);
    });

    private static string Status(JsonElement check) => check.GetProperty("status").GetString()!;

    private static long LagOf(JsonElement check) =>
        check.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty(Topic, out var lag) ? lag.GetInt64() : -1;

    [Fact]
    public async Task readiness_answers_503_while_a_consumer_group_is_behind_by_more_than_the_threshold_and_200_after_catching_up()
    {
        await Eventually.Until(ReadyAsync, r => r.Status == 200 && Status(r.ConsumerLag) == "Healthy" && LagOf(r.ConsumerLag) == 0, "ready and caught up before the test");

        var listener = _ordering.Services.GetRequiredService<IWolverineRuntime>().Endpoints.FindListeningAgent(new Uri($"kafka://topic/{Topic}"))!;
        await listener.StopAndDrainAsync();
        const int written = MaxLag * 4;
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < written; i++)
                await producer.ProduceAsync(Topic, new Message<string, byte[]> { Key = Guid.NewGuid().ToString(), Value = Encoding.UTF8.GetBytes("{}") });
        }

        var behind = await Eventually.Until(ReadyAsync, r => r.Status == 503 && Status(r.ConsumerLag) == "Unhealthy", "not ready while the group is behind");
        Assert.Equal(written, LagOf(behind.ConsumerLag));
        Assert.Contains($"{Topic} is {written} record(s) behind", behind.ConsumerLag.GetProperty("description").GetString());

        // The stopped consumer does not leave its group, so the restarted one gets its partitions only after the
        // group coordinator expires the old member (session.timeout.ms, 45 s by default): hence the long wait.
        await listener.StartAsync();
        var caughtUp = await Eventually.Until(ReadyAsync, r => r.Status == 200, "ready again after catching up", TimeSpan.FromSeconds(90));
        Assert.Equal("Healthy", Status(caughtUp.ConsumerLag));
        Assert.Equal(0, LagOf(caughtUp.ConsumerLag));
    }

    public async Task DisposeAsync()
    {
        await _ordering.DisposeAsync();
        await _postgres.DisposeAsync();
        _broker.Dispose();
    }
}
