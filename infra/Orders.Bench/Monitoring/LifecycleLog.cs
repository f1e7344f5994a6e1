using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Bench.Monitoring;

/// <summary>Reads every order topic from its start to its current end (<see cref="KafkaLog"/>: by assignment, no group) for <see cref="LifecycleSteps"/>.</summary>
public static class LifecycleLog
{
    private static readonly string[] OrderTopics = [Topics.OrdersEvents, Topics.PaymentsCommands, Topics.PaymentsEvents, Topics.ShippingCommands, Topics.ShippingEvents];

    public static IReadOnlyList<LifecycleRecord> Read(string bootstrap, IReadOnlySet<Guid> orders)
    {
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = bootstrap });
        var cut = log.CurrentEnd(OrderTopics);
        var firstOffsets = new Dictionary<(string Topic, int Partition), long>();
        var records = new List<LifecycleRecord>();
        foreach (var record in log.Read(cut))
        {
            firstOffsets.TryAdd((record.Topic, record.Partition), record.Offset);
            if (Guid.TryParse(record.Key, out var orderId) && orders.Contains(orderId))
                records.Add(new LifecycleRecord(orderId, $"{record.Topic}: {record.MessageType ?? "(no type)"}", record.KafkaTimestamp.UtcDateTime));
        }

        // The embedded broker keeps a few MB per partition: orders older than its head show fewer steps.
        foreach (var (partition, end) in cut.End)
        {
            var first = firstOffsets.GetValueOrDefault((partition.Topic, partition.Partition.Value), end);
            if (first > 0) Console.WriteLine($"  lifecycle steps: {partition} starts at offset {first}, older records are gone");
        }
        return records;
    }
}
