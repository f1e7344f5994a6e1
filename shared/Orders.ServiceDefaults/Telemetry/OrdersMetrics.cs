using System.Diagnostics.Metrics;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>The suite's own counters, beside Wolverine's per-message metrics.</summary>
public static class OrdersMetrics
{
    public const string MeterName = "Orders";
    private static readonly Meter Meter = new(MeterName);

    /// <summary>Deliveries that a handler recognised as already applied and skipped (idempotency guard hits).</summary>
    public static readonly Counter<long> DuplicatesSkipped = Meter.CreateCounter<long>("orders.duplicates_skipped");
}
