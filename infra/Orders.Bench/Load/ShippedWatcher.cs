using System.Text;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;

namespace Orders.Bench.Load;

/// <summary>
/// Observes completion the cheapest exact way: it reads <c>orders-events</c> from its current end (by assignment, no
/// group) and reports every <c>orders.order-shipped</c> record with its producer timestamp. No polling of the services,
/// so the bench adds no load to them.
/// </summary>
public sealed class ShippedWatcher : IDisposable
{
    private static readonly string ShippedType = MessageContracts.WireTypeOf(typeof(OrderShipped));
    private readonly IConsumer<string?, Ignore> consumer;
    private readonly Action<Guid, DateTime> onShipped;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    public ShippedWatcher(string bootstrap, Action<Guid, DateTime> onShipped)
    {
        this.onShipped = onShipped;
        consumer = new ConsumerBuilder<string?, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"bench-watcher-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            // Completion timestamps come from the records, so this only bounds how late the bench learns of them; it also
            // sets how often an idle watcher asks the broker the suite shares. The embedded broker walks a partition's
            // whole retained log to find a fetch's offset (librdkafka's mock cluster, rd_kafka_mock_msgset_find), so a
            // fetch every 5 ms cost it more as the log grew (docs/performance.md, step 10).
            FetchWaitMaxMs = 100,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var topic = admin.GetMetadata(Topics.OrdersEvents, TimeSpan.FromSeconds(10)).Topics.Single();
        consumer.Assign(topic.Partitions.Select(p =>
        {
            var tp = new TopicPartition(Topics.OrdersEvents, p.PartitionId);
            return new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High);
        }));
        thread = new Thread(Run) { IsBackground = true, Name = "shipped-watcher" };
        thread.Start();
    }

    public long Seen { get; private set; }

    private void Run()
    {
        while (!stop.IsCancellationRequested)
        {
            ConsumeResult<string?, Ignore>? result;
            try { result = consumer.Consume(stop.Token); }
            catch (OperationCanceledException) { return; }
            Seen++;
            if (result.Message.Headers.TryGetLastBytes("message-type", out var type) && Encoding.UTF8.GetString(type) == ShippedType
                && Guid.TryParse(result.Message.Key, out var orderId))
                onShipped(orderId, result.Message.Timestamp.UtcDateTime);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(5));
        consumer.Close();
        consumer.Dispose();
        stop.Dispose();
    }
}
