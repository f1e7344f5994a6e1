using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Health;

/// <summary>Ready only while a broker answers a metadata request for the catalog's topics.</summary>
internal sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    private readonly IAdminClient _admin;

    public KafkaHealthCheck(IOptions<KafkaSettings> settings)
    {
        var config = new AdminClientConfig { SocketTimeoutMs = 3000 };
        settings.Value.ApplyTo(config);
        _admin = new AdminClientBuilder(config).Build();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        try
        {
            // A metadata request for one topic needs a live broker; an empty broker list means none answered.
            var metadata = _admin.GetMetadata(Topics.OrdersEvents, TimeSpan.FromSeconds(3));
            var topic = metadata.Topics.SingleOrDefault();
            if (metadata.Brokers.Count == 0) return HealthCheckResult.Unhealthy("No Kafka broker answers.");
            if (topic is null || topic.Error.IsError) return HealthCheckResult.Unhealthy($"Kafka answers but topic {Topics.OrdersEvents} is not usable: {topic?.Error.Reason}");
            if (topic.Partitions.Any(p => p.Leader < 0)) return HealthCheckResult.Degraded($"Some partitions of {Topics.OrdersEvents} have no leader.");
            return HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy("Kafka does not answer.", e);
        }
    }, cancellationToken);

    public void Dispose() => _admin.Dispose();
}
