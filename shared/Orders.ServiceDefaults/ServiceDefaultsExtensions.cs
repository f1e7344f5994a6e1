using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orders.ServiceDefaults.Admin;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Codegen;
using Orders.ServiceDefaults.Health;
using Orders.ServiceDefaults.Http;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Logging;
using Orders.ServiceDefaults.Telemetry;
using Scalar.AspNetCore;
using Wolverine.Http;

namespace Orders.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>What every service shares: telemetry, health checks, problem details and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.Services.Configure<KafkaSettings>(builder.Configuration.GetSection(KafkaSettings.Section));
        builder.Services.Configure<HealthSettings>(builder.Configuration.GetSection(HealthSettings.Section));
        builder.AddOrdersLogging();
        builder.AddOrdersCodegenMode();
        builder.AddOrdersTelemetry(serviceName);
        builder.AddOrdersPrometheus();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DataExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // A quantity of "2" (a string) is a client bug: say so (400) instead of guessing, as the web defaults would.
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddOpenApi();

        builder.Services.AddSingleton<ListenedTopics>();
        builder.Services.AddSingleton<KafkaHealthCheck>();
        builder.Services.AddSingleton<ListenersHealthCheck>();
        builder.Services.AddSingleton<ConsumerLagHealthCheck>();
        builder.Services.AddSingleton<InboxHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgresql", tags: [ReadyTag])
            .AddCheck<KafkaHealthCheck>("kafka", tags: [ReadyTag])
            .AddCheck<ListenersHealthCheck>("listeners", tags: [ReadyTag])
            .AddCheck<ConsumerLagHealthCheck>("consumerLag", tags: [ReadyTag])
            .AddCheck<InboxHealthCheck>("inbox", tags: [ReadyTag])
            .AddCheck<DeadLettersHealthCheck>("deadLetters", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Health probes, the OpenAPI document (/openapi/v1.json) and its browsable page (/docs).</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseAdminApiKey();
        app.UseStatusCodePages();

        // Liveness runs no check: a process that answers is alive; restarting it for a database outage would not help.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.Write });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.Write,
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        });

        // Wolverine's dead-letter admin API: POST / (query), POST /replay and DELETE / with { "ids": [...] } (at least one).
        app.MapDeadLettersEndpoints($"{AdminApiKey.PathPrefix}/dead-letters").WithTags("Admin").AddEndpointFilter(DeadLetterIdsRequired.Filter);
        // POST /admin/projections/{name|all}/rebuild over every IProjectionRebuild the service registered.
        app.MapProjectionRebuilds();

        app.MapOrdersPrometheus();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
