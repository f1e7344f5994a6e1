using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.ServiceDefaults.Health;

/// <summary>
/// Not ready while a consumer group of the service is more than <see cref="HealthSettings.MaxConsumerLag"/> records
/// behind on a topic: such a replica would answer reads from stale projections. Lag is the high watermark minus the
/// group's committed offset per partition (or minus the low watermark where the group has committed nothing yet,
/// since the groups start at the earliest offset).
/// The offsets are read by <see cref="GroupOffsets"/>, never by the admin client (a librdkafka abort, see there).
/// </summary>
internal sealed class ConsumerLagHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    private readonly IAdminClient _admin; // topic metadata only
    private readonly GroupOffsets _groups; // used under the cache's gate only
    private readonly ServiceIdentity _service;
    private readonly KafkaSettings _kafka;
    private readonly IOptionsMonitor<HealthSettings> _settings;
    private readonly ListenedTopics _listened;
    private readonly CachedCheck _cache = new();

    public ConsumerLagHealthCheck(ListenedTopics listened, ServiceIdentity service, IOptions<KafkaSettings> kafka, IOptionsMonitor<HealthSettings> settings)
    {
        _listened = listened;
        _service = service;
        _kafka = kafka.Value;
        _settings = settings;
        var config = new AdminClientConfig { SocketTimeoutMs = 3000 };
        _kafka.ApplyTo(config);
        _admin = new AdminClientBuilder(config).Build();
        _groups = new GroupOffsets(_kafka, RequestTimeout);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(_settings.CurrentValue.CacheFor, MeasureAsync, cancellationToken);

    private async Task<HealthCheckResult> MeasureAsync(CancellationToken cancellationToken)
    {
        var max = _settings.CurrentValue.MaxConsumerLag;
        var topics = _listened.All();
        if (topics.Count == 0) return HealthCheckResult.Healthy("The service listens to no Kafka topic.");

        var lags = new Dictionary<string, object>();
        var behind = new List<string>();
        try
        {
            foreach (var topic in topics)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lag = await LagAsync(topic);
                QueueMetrics.RecordLag(_service.Name, topic, lag);
                lags[topic] = lag;
                if (lag > max) behind.Add($"{topic} is {lag} record(s) behind");
            }
        }
        catch (KafkaException e)
        {
            // The kafka check already makes the service unready when the broker is gone; lag we cannot measure is not news.
            return HealthCheckResult.Degraded("Consumer lag cannot be measured.", e, lags);
        }

        lags["max"] = max;
        return behind.Count == 0
            ? HealthCheckResult.Healthy($"every consumer group within {max} record(s) of the end of its topic", lags)
            : HealthCheckResult.Unhealthy($"{string.Join("; ", behind)} (allowed: {max})", data: lags);
    }

    private Task<long> LagAsync(string topic) => Task.Run(() =>
    {
        var partitions = _admin.GetMetadata(topic, RequestTimeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        return _groups.Lag(ConsumerGroups.ForTopic(_kafka.GroupPrefix, _service.Name, topic), partitions);
    });

    public void Dispose()
    {
        _groups.Dispose();
        _admin.Dispose();
    }
}
