using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Batching;
using Payment.Api.Payments;

namespace Orders.IntegrationTests.Batching;

/// <summary>
/// librdkafka reports some errors and then waits for them to go away (a refused authorization, a topic the broker
/// lacks): a batched listener that only logged them stayed "consuming", and the replica ready, while it read nothing.
/// It is not ready until a poll brings records or partitions again (after the fix, the consumer's next metadata refresh:
/// up to librdkafka's five minutes, too long to wait for here).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class batched_listener_consume_errors(SuiteFixture suite)
{
    [Fact]
    public async Task a_listener_refused_its_topic_makes_the_replica_not_ready()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        broker.SetTopicError(RefusedTopicProbe.RefusedTopic, ErrorCode.TopicAuthorizationFailed);
        await using var host = await suite.StartAsync<PaymentSettings>(await suite.Postgres.CreateDatabaseAsync("payment"),
            services => services.AddBatchedListener<RefusedTopicProbe>(), ("Kafka:BootstrapServers", broker.BootstrapServers));
        var listener = host.Services.GetServices<IBatchedListenerStatus>().Single(l => l.Topic == RefusedTopicProbe.RefusedTopic);

        await Eventually.Until(() => Task.FromResult(listener.Status), status => status.Contains("error"), "the listener reporting the refusal");
        Assert.False(listener.IsConsuming);
        var ready = await host.Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); });
        Assert.Equal(503, ready.Context.Response.StatusCode);
        Assert.Contains($"batched://{RefusedTopicProbe.RefusedTopic}", await ready.ReadAsTextAsync());

    }

    public sealed class RefusedTopicProbe : IBatchHandler
    {
        public const string RefusedTopic = Topics.OrdersEvents; // read by no other listener of Payment: a consumer group of its own

        public string Topic => RefusedTopic;

        public Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation) => Task.CompletedTask;
    }
}
