using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orders.ServiceDefaults.Logging;

namespace Orders.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    public const string ExporterSetting = "Telemetry:Exporter";

    /// <summary>The spans of handling a message: Wolverine's listeners and the suite's own (<see cref="OrdersTracing"/>).</summary>
    private static readonly string[] MessageSources = ["Wolverine", OrdersTracing.SourceName];

    /// <summary>
    /// Traces and metrics for HTTP, PostgreSQL and Wolverine. Wolverine propagates the trace context in the Kafka
    /// envelope headers, so one order's trace crosses all three services. The exporter is chosen by
    /// <c>Telemetry:Exporter</c> (<c>none</c>, <c>console</c>, <c>otlp</c>); OTLP is also chosen whenever
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Sampling follows <c>OTEL_TRACES_SAMPLER</c> (always on by default).
    /// </summary>
    /// <remarks>
    /// Spans are recorded only for someone who reads them. A listening tracer makes every instrumented library build its
    /// spans whether or not anything ships them, and Npgsql's carry each batch's whole SQL text, built for the span: with
    /// nothing exported that was a sixth of Ordering's allocations (docs/performance.md, step 15). So: every source with
    /// an exporter; without one, only Wolverine's and the suite's message spans when the logs are JSON, whose lines take
    /// the message's trace and correlation ids from them (<see cref="LoggingExtensions"/>); otherwise none.
    /// </remarks>
    public static IHostApplicationBuilder AddOrdersTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var set = builder.Configuration[ExporterSetting];
        var exporter = !string.IsNullOrWhiteSpace(set) ? set.Trim().ToLowerInvariant() // an empty variable is unset
            : builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } ? "otlp" : "none";
        if (exporter is not ("none" or "console" or "otlp"))
        {
            throw new InvalidOperationException($"{ExporterSetting} must be none, console or otlp; it is '{exporter}'.");
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (exporter != "none")
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(MessageSources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql();
                if (exporter == "console") tracing.AddConsoleExporter();
                if (exporter == "otlp") tracing.AddOtlpExporter();
            });
        }
        else if (LoggingExtensions.WritesJson(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(MessageSources));
        }

        telemetry.WithMetrics(metrics =>
        {
            // Wolverine names its meter after the service ("Wolverine:ordering"); a plain "Wolverine" matches nothing.
            metrics.AddMeter($"Wolverine:{serviceName}", OrdersMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
            if (exporter == "console") metrics.AddConsoleExporter();
            if (exporter == "otlp") metrics.AddOtlpExporter();
        });
        return builder;
    }
}
