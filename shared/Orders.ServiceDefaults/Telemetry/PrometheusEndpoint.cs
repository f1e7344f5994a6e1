using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Orders.ServiceDefaults.Telemetry;

/// <summary>
/// A Prometheus scrape endpoint (<c>/metrics</c>) beside the OTLP exporter, for clusters that scrape rather than push.
/// It carries Wolverine's per-message-type counters (its meter is named <c>Wolverine:{service}</c>) and the suite's
/// own instruments. On by default; <c>Telemetry:Prometheus=false</c> turns it off.
/// </summary>
public static class PrometheusEndpoint
{
    public const string Path = "/metrics";
    public const string EnabledSetting = "Telemetry:Prometheus";

    public static IHostApplicationBuilder AddOrdersPrometheus(this IHostApplicationBuilder builder)
    {
        // The meters themselves are added once, by AddOrdersTelemetry, for every exporter; this adds only the scrape one.
        if (IsEnabled(builder.Configuration)) builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapOrdersPrometheus(this WebApplication app)
    {
        if (IsEnabled(app.Configuration)) app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledSetting, true);
}
