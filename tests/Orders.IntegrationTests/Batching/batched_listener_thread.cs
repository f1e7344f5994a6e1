using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Batching;
using Payment.Api.Payments;

namespace Orders.IntegrationTests.Batching;

/// <summary>
/// A batched listener waits in librdkafka's Consume, which blocks its thread; on a thread-pool thread that wait starved
/// the pool (make bench: Ordering's work queued for up to a second at 20 orders/s, docs/performance.md step 12). So the
/// listener keeps its own thread for its whole life and applies every batch from it, whatever the handler awaits.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class batched_listener_thread(SuiteFixture suite)
{
    [Fact]
    public async Task every_batch_is_handed_over_on_the_listeners_own_thread_never_a_pool_thread()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        await using var host = await suite.StartAsync<PaymentSettings>(await suite.Postgres.CreateDatabaseAsync("payment"),
            services => services.AddBatchedListener<ThreadProbe>(), ("Kafka:BootstrapServers", broker.BootstrapServers));
        var probe = host.Services.GetRequiredService<ThreadProbe>();

        // One record at a time, each after the last batch was handled: every batch but the first is then polled after the
        // handler's awaits, which resume on the pool.
        for (var round = 1; round <= 3; round++)
        {
            var orderId = Guid.CreateVersion7();
            await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.OrdersEvents, orderId, DateTimeOffset.UtcNow, new ItemAdded(orderId, "SKU-1", 1, 10m));
            await Eventually.Until(() => Task.FromResult(probe.Batches.Count), count => count >= round, $"batch {round} handled", TimeSpan.FromSeconds(60));
        }

        var batches = probe.Batches.ToList();
        Assert.All(batches, batch => Assert.False(batch.OnPoolThread, "a batch was handed over on a thread-pool thread"));
        Assert.Single(batches.Select(batch => batch.ThreadId).Distinct());
    }

    public sealed class ThreadProbe : IBatchHandler
    {
        public string Topic => Topics.OrdersEvents; // read by no other listener of Payment: a consumer group of its own

        public ConcurrentQueue<(bool OnPoolThread, int ThreadId)> Batches { get; } = new();

        public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
        {
            Batches.Enqueue((Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId));
            await Task.Delay(10, cancellation); // as a handler's database work does, this resumes on a pool thread
        }
    }
}
