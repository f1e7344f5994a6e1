using Confluent.Kafka;
using Orders.Bench.Baseline;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using System.Text.Json;

namespace Orders.Bench.Rebuild;

/// <summary>
/// Writes a long history straight into the log, as the suite would have written it (contract JSON, envelope id and
/// message-type headers, keyed by order id, each order's facts in order), far faster than driving that many orders.
/// </summary>
public static class LogSeeder
{
    public static (long OrdersEvents, long PaymentsEvents, long ShippingRecords) Seed(string bootstrap, int events)
    {
        using var producer = RawProducer.Build(bootstrap);
        long orders = 0, payments = 0, shipping = 0;
        for (var i = 0; i < events / 5; i++)
        {
            var id = Guid.CreateVersion7();
            Send(producer, Topics.OrdersEvents, new OrderCreated(id, $"bench-{i % 1000}", "EUR"));
            Send(producer, Topics.OrdersEvents, new ItemAdded(id, "SKU-1", 1, 10.5m));
            Send(producer, Topics.OrdersEvents, new OrderPlaced(id, 10.5m, "EUR"));
            Send(producer, Topics.OrdersEvents, new OrderPaid(id, Guid.CreateVersion7(), 10.5m));
            Send(producer, Topics.OrdersEvents, new OrderShipped(id, $"TRK-{id:N}"));
            orders += 5;
            Progress(orders, "orders-events");
        }
        for (var i = 0; i < events; i++)
        {
            Send(producer, Topics.PaymentsEvents, new PaymentCaptured(Guid.CreateVersion7(), Guid.CreateVersion7(), 10.5m, "EUR"));
            Progress(++payments, "payments-events");
        }
        for (var i = 0; i < events / 2; i++)
        {
            var id = Guid.CreateVersion7();
            Send(producer, Topics.ShippingCommands, new ShipOrder(id, [new ShipmentLine("SKU-1", 1)]));
            Send(producer, Topics.ShippingEvents, new OrderDispatched(id, $"TRK-{id:N}"));
            shipping += 2;
            Progress(shipping, "shipping-commands + shipping-events");
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        return (orders, payments, shipping);

        void Progress(long n, string topic)
        {
            if (n % 50_000 == 0) { producer.Flush(TimeSpan.FromSeconds(60)); Console.WriteLine($"  seeded {n:N0} records into {topic}"); }
        }
    }

    private static void Send<T>(IProducer<string, byte[]> producer, string topic, T message) where T : IOrderMessage =>
        producer.ProduceWhenRoom(() => RawProducer.Produce(producer, topic,
            new RawMessage(message.OrderId, MessageContracts.WireTypeOf(typeof(T)), JsonSerializer.SerializeToUtf8Bytes(message, ContractJson.Options))));

    /// <summary>
    /// Moves the services' consumer groups to the end of the seeded log, so their live listeners start after it
    /// (as they would on a running system) and the only work on the history is the restore or rebuild being timed.
    /// </summary>
    public static void SkipHistory(string bootstrap, IEnumerable<(string Group, string Topic)> groups)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        foreach (var (group, topic) in groups)
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
            var ends = metadata.Topics.Single(t => t.Topic == topic).Partitions
                .Select(p => new TopicPartition(topic, p.PartitionId))
                .Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High)).ToList();
            consumer.Commit(ends);
        }
    }
}
