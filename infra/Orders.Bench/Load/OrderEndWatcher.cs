using System.Text;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;

namespace Orders.Bench.Load;

/// <summary>
/// Observes how each order ends, the cheapest exact way: it reads <c>orders-events</c> from its current end (by
/// assignment, no group) and reports every <c>orders.order-shipped</c> record with its producer timestamp, and every
/// <c>orders.order-cancelled</c> one (the saga's payment deadline cancels an order whose payment waited too long: on an
/// overloaded box that is how a lifecycle ends, and the report must not call those orders lost). No polling of the
/// services, so the bench adds no load to them.
/// </summary>
public sealed class OrderEndWatcher : IDisposable
{
    private static readonly string ShippedType = MessageContracts.WireTypeOf(typeof(OrderShipped));
    private static readonly string CancelledType = MessageContracts.WireTypeOf(typeof(OrderCancelled));
    private readonly IConsumer<string?, Ignore> consumer;
    private readonly Action<Guid, DateTime> onShipped;
    private readonly Action<Guid>? onCancelled;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    public OrderEndWatcher(string bootstrap, Action<Guid, DateTime> onShipped, Action<Guid>? onCancelled = null)
    {
        this.onShipped = onShipped;
        this.onCancelled = onCancelled;
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
        thread = new Thread(Run) { IsBackground = true, Name = "order-end-watcher" };
        thread.Start();
    }

    private void Run()
    {
        while (!stop.IsCancellationRequested)
        {
            ConsumeResult<string?, Ignore>? result;
            try { result = consumer.Consume(stop.Token); }
            catch (OperationCanceledException) { return; }
            if (!result.Message.Headers.TryGetLastBytes("message-type", out var typeBytes) || !Guid.TryParse(result.Message.Key, out var orderId)) continue;
            var type = Encoding.UTF8.GetString(typeBytes);
            if (type == ShippedType) onShipped(orderId, result.Message.Timestamp.UtcDateTime);
            else if (type == CancelledType) onCancelled?.Invoke(orderId);
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
