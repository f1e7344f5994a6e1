using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.ServiceDefaults.Health;

/// <summary>
/// Makes dead letters visible: their count is in the readiness details and the <c>orders.dead_letters</c> gauge.
/// Dead letters do not make the service unready: it keeps working around them, which is the point of having them.
/// </summary>
internal sealed class DeadLettersHealthCheck(NpgsqlDataSource dataSource, ServiceIdentity service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand($"select count(*) from {service.Schema}.wolverine_dead_letters");
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
            OrdersMetrics.RecordDeadLetters(service.Name, count);
            return HealthCheckResult.Healthy($"{count} dead letter(s)", new Dictionary<string, object> { ["count"] = count });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Healthy("no dead letters yet (storage not created)");
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Degraded("Dead letters cannot be counted.", e);
        }
    }
}
