using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>The suite's own instruments, beside Wolverine's per-message metrics.</summary>
public static class OrdersMetrics
{
    public const string MeterName = "Orders";
    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, long> DeadLetterCounts = new();

    /// <summary>Deliveries that a handler recognised as already applied and skipped (idempotency guard hits).</summary>
    public static readonly Counter<long> DuplicatesSkipped = Meter.CreateCounter<long>("orders.duplicates_skipped");

    static OrdersMetrics() =>
        Meter.CreateObservableGauge("orders.dead_letters",
            () => DeadLetterCounts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("service", c.Key))),
            description: "Messages in the service's dead-letter table, as last counted by the readiness probe.");

    public static void RecordDeadLetters(string service, long count) => DeadLetterCounts[service] = count;
}
