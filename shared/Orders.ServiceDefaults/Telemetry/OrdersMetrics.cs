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

    /// <summary>Records applied by the batched projection listeners, by topic (Wolverine's metrics count its own listeners only).</summary>
    public static readonly Counter<long> ProjectedRecords = Meter.CreateCounter<long>("orders.projection.records");

    /// <summary>Records a batched projection listener could not apply and parked in the dead letters, by topic.</summary>
    public static readonly Counter<long> ProjectionDeadLetters = Meter.CreateCounter<long>("orders.projection.dead_letters");

    /// <summary>
    /// Seconds from an order's placement to its end (shipped or cancelled), measured between the times its events were
    /// sent, as the read model applies the ending one; tagged <c>outcome</c>. The suite's end-to-end latency.
    /// </summary>
    public static readonly Histogram<double> OrderLifecycle = Meter.CreateHistogram<double>("orders.lifecycle.duration", unit: "s",
        description: "From order placed to shipped or cancelled (event send times).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300] });

    private static readonly double[] HopBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>
    /// How long a batched listener's oldest record had been on its way when the listener polled it (from its producer
    /// timestamp): the producer's linger, the broker and the fetch's wait, and any backlog; tagged <c>topic</c>. With
    /// <see cref="ListenerBatchDuration"/>, what one hop of the lifecycle spends before its own send.
    /// </summary>
    public static readonly Histogram<double> ListenerRecordAge = Meter.CreateHistogram<double>("orders.listener.record_age", unit: "s",
        description: "Age of a polled batch's oldest record (producer timestamp to poll), by topic.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HopBuckets });

    /// <summary>How long a batched listener took to apply a polled batch (its transaction, retries included), tagged <c>topic</c>.</summary>
    public static readonly Histogram<double> ListenerBatchDuration = Meter.CreateHistogram<double>("orders.listener.batch.duration", unit: "s",
        description: "Time to apply one polled batch, by topic.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HopBuckets });

    static OrdersMetrics() =>
        Meter.CreateObservableGauge("orders.dead_letters",
            () => DeadLetterCounts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("service", c.Key))),
            description: "Messages in the service's dead-letter table, as last counted by the readiness probe.");

    public static void RecordDeadLetters(string service, long count) => DeadLetterCounts[service] = count;
}
