using Orders.Bench.Results;

namespace Orders.Bench.Monitoring;

/// <summary>A batched listener's totals since its service started, by topic: batches and records applied, and their sums.</summary>
public sealed record ListenerTotals(long Batches, double ApplySeconds, long Aged, double AgeSeconds, double Records)
{
    /// <summary>A listener before its first batch.</summary>
    public static readonly ListenerTotals None = new(0, 0, 0, 0, 0);

    /// <summary>What the listener did between two snapshots; null when it applied no batch.</summary>
    public ListenerHop? Since(ListenerTotals before, string service, string topic)
    {
        var batches = Batches - before.Batches;
        var aged = Aged - before.Aged;
        if (batches <= 0) return null;
        return new ListenerHop(service, topic, batches, (Records - before.Records) / batches,
            aged > 0 ? (AgeSeconds - before.AgeSeconds) / aged * 1000 : null, (ApplySeconds - before.ApplySeconds) / batches * 1000);
    }
}

/// <summary>
/// Reads the batched listeners' own instruments from a service's <c>/metrics</c> (OrdersMetrics: how old a polled batch's
/// oldest record was, how long applying the batch took, how many records it applied), before and after a phase as the
/// GC counters are. With the send window that follows, they are one hop of the lifecycle: what the transport (the
/// producer's linger, the broker, the fetch's wait) and the handler's transaction each cost (docs/performance.md, step 41).
/// </summary>
public static class ListenerHops
{
    private const string BatchDuration = "orders_listener_batch_duration_seconds";
    private const string RecordAge = "orders_listener_record_age_seconds";
    private const string Records = "orders_projection_records_total";

    /// <summary>Each topic's totals in an exposition (none when the service has no batched listener or predates them).</summary>
    public static IReadOnlyDictionary<string, ListenerTotals> Parse(string exposition)
    {
        var totals = new Dictionary<string, ListenerTotals>();
        foreach (var line in PrometheusText.Samples(exposition))
        {
            if (PrometheusText.Label(line, "topic") is not { } topic || PrometheusText.Value(line) is not { } value) continue;
            var t = totals.GetValueOrDefault(topic) ?? ListenerTotals.None;
            if (PrometheusText.IsSample(line, BatchDuration + "_count")) t = t with { Batches = (long)value };
            else if (PrometheusText.IsSample(line, BatchDuration + "_sum")) t = t with { ApplySeconds = value };
            else if (PrometheusText.IsSample(line, RecordAge + "_count")) t = t with { Aged = (long)value };
            else if (PrometheusText.IsSample(line, RecordAge + "_sum")) t = t with { AgeSeconds = value };
            else if (PrometheusText.IsSample(line, Records)) t = t with { Records = value };
            else continue;
            totals[topic] = t;
        }
        return totals.Where(t => t.Value.Batches > 0).ToDictionary();
    }

    /// <summary>A service's listeners between two snapshots, by topic; listeners that applied nothing are left out.</summary>
    public static IEnumerable<ListenerHop> Between(string service, IReadOnlyDictionary<string, ListenerTotals> before, IReadOnlyDictionary<string, ListenerTotals> after) =>
        after.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => t.Value.Since(before.GetValueOrDefault(t.Key) ?? ListenerTotals.None, service, t.Key))
            .OfType<ListenerHop>();
}
