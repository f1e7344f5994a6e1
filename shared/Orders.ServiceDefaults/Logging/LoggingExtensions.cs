using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orders.ServiceDefaults.Logging;

/// <summary>
/// <c>Logging:Format=json</c> writes one JSON object per line (what log collectors in Kubernetes parse), each with the
/// trace and span ids and the current activity's tags in its scopes. Wolverine tags a message's activity with its
/// correlation id (<c>messaging.conversation_id</c>) and message id, so every line written while handling a message
/// can be joined to the order's other messages and to its trace. Anything else keeps the default console format.
/// </summary>
public static class LoggingExtensions
{
    public const string FormatSetting = "Logging:Format";

    /// <summary>Whether the logs are JSON lines, whose ids come from the current activity.</summary>
    public static bool WritesJson(IConfiguration configuration) =>
        string.Equals(configuration[FormatSetting], "json", StringComparison.OrdinalIgnoreCase);

    public static IHostApplicationBuilder AddOrdersLogging(this IHostApplicationBuilder builder)
    {
        if (!WritesJson(builder.Configuration)) return builder;

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId | ActivityTrackingOptions.Tags);
        return builder;
    }
}
