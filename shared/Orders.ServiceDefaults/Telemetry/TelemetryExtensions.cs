using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orders.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics for HTTP, PostgreSQL and Wolverine. Wolverine propagates the trace context in the Kafka
    /// envelope headers, so one order's trace crosses all three services. The exporter is chosen by
    /// <c>Telemetry:Exporter</c> (<c>none</c>, <c>console</c>, <c>otlp</c>); OTLP is also chosen whenever
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddOrdersTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var exporter = builder.Configuration["Telemetry:Exporter"]
            ?? (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } ? "otlp" : "none");

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource("Wolverine", OrdersTracing.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql();
                if (exporter == "console") tracing.AddConsoleExporter();
                if (exporter == "otlp") tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                // Wolverine names its meter after the service ("Wolverine:ordering"); a plain "Wolverine" matches nothing.
                metrics.AddMeter($"Wolverine:{serviceName}", OrdersMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (exporter == "console") metrics.AddConsoleExporter();
                if (exporter == "otlp") metrics.AddOtlpExporter();
            });
        return builder;
    }
}
