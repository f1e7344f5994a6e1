using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.ServiceDefaults.Health;

/// <summary>
/// Not ready while more than <see cref="HealthSettings.MaxInboxDepth"/> received messages wait in the durable inbox:
/// their offsets are committed (so consumer lag looks fine) but they are not handled yet. Only Wolverine's listeners
/// fill it (customers-events, Shipping's local dispatch queue); the order topics' batched listeners keep no inbox, and
/// their backlog shows as consumer lag.
/// Also measures the outbox (messages decided but not yet on Kafka) for the <c>orders.envelope_store_depth</c> gauge.
/// </summary>
internal sealed class InboxHealthCheck(NpgsqlDataSource dataSource, ServiceIdentity service, IOptionsMonitor<HealthSettings> settings) : IHealthCheck
{
    private readonly CachedCheck _cache = new();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(settings.CurrentValue.CacheFor, MeasureAsync, cancellationToken);

    private async Task<HealthCheckResult> MeasureAsync(CancellationToken cancellationToken)
    {
        var max = settings.CurrentValue.MaxInboxDepth;
        try
        {
            // 'Incoming' rows are received and not yet handled; 'Handled' rows are kept only for deduplication.
            await using var command = dataSource.CreateCommand(
                $"select (select count(*) from {service.Schema}.wolverine_incoming_envelopes where status = 'Incoming'), " +
                $"(select count(*) from {service.Schema}.wolverine_outgoing_envelopes)");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (inbox, outbox) = (reader.GetInt64(0), reader.GetInt64(1));
            QueueMetrics.RecordDepth(service.Name, "inbox", inbox);
            QueueMetrics.RecordDepth(service.Name, "outbox", outbox);
            var data = new Dictionary<string, object> { ["inbox"] = inbox, ["outbox"] = outbox, ["max"] = max };
            return inbox <= max
                ? HealthCheckResult.Healthy($"{inbox} message(s) waiting in the inbox, {outbox} in the outbox", data)
                : HealthCheckResult.Unhealthy($"{inbox} message(s) waiting in the inbox (allowed: {max})", data: data);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Healthy("inbox not created yet");
        }
        catch (NpgsqlException e)
        {
            // The postgresql check already reports an unreachable database.
            return HealthCheckResult.Degraded("Inbox depth cannot be measured.", e);
        }
    }
}
