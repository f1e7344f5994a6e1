using System.Diagnostics;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>
/// Spans of the suite's own Kafka consumers (the batched listeners), so a record they handle stays in the trace of the
/// request that caused it, as Wolverine's listeners keep it: what such a consumer sends carries that trace onwards; and
/// of work a service starts by itself.
/// </summary>
public static class OrdersTracing
{
    public const string SourceName = "Orders";
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A consumer span for one record, child of the trace in its <c>parent-id</c> header (a root span without one); null when nobody listens.</summary>
    public static Activity? Handling(LogRecord record) =>
        Source.StartActivity($"{record.Topic} process", ActivityKind.Consumer,
            ActivityContext.TryParse(record.Headers.GetValueOrDefault("parent-id"), null, out var parent) ? parent : default);

    /// <summary>A root span for work the service starts by itself (a deadline passing), so what it sends has a trace of its own.</summary>
    public static Activity? Starting(string name, Guid orderId) =>
        Source.StartActivity(name, ActivityKind.Internal, parentContext: default, tags: [new("order.id", orderId.ToString())]);
}
