using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>
/// How much work is waiting: consumer lag per topic and inbox/outbox depth, as last measured by the readiness checks
/// (so a scrape costs nothing; the values are as fresh as the last probe, a few seconds in Kubernetes).
/// </summary>
public static class QueueMetrics
{
    private static readonly Meter Meter = new(OrdersMetrics.MeterName);
    private static readonly ConcurrentDictionary<(string Service, string Topic), long> Lag = new();
    private static readonly ConcurrentDictionary<(string Service, string Store), long> Depth = new();

    static QueueMetrics()
    {
        Meter.CreateObservableGauge("orders.consumer_lag",
            () => Lag.Select(l => new Measurement<long>(l.Value, new("service", l.Key.Service), new("topic", l.Key.Topic))),
            unit: "{record}", description: "Records on the topic not yet committed by the service's consumer group.");
        Meter.CreateObservableGauge("orders.envelope_store_depth",
            () => Depth.Select(d => new Measurement<long>(d.Value, new("service", d.Key.Service), new("store", d.Key.Store))),
            unit: "{message}", description: "Messages waiting in the durable inbox (received, not handled) or outbox (not yet sent).");
    }

    public static void RecordLag(string service, string topic, long lag) => Lag[(service, topic)] = lag;

    public static void RecordDepth(string service, string store, long depth) => Depth[(service, store)] = depth;
}
