using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Telemetry;
using Wolverine.Kafka;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Health;

/// <summary>
/// Not ready while a consumer group of the service is more than <see cref="HealthSettings.MaxConsumerLag"/> records
/// behind on a topic: such a replica would answer reads from stale projections. Lag is the high watermark minus the
/// group's committed offset per partition (or minus the low watermark where the group has committed nothing yet,
/// since the groups start at the earliest offset).
/// </summary>
internal sealed class ConsumerLagHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    private readonly IAdminClient _admin;
    private readonly IWolverineRuntime _runtime;
    private readonly ServiceIdentity _service;
    private readonly KafkaSettings _kafka;
    private readonly IOptionsMonitor<HealthSettings> _settings;
    private readonly IReadOnlyList<string> _batchedTopics;
    private readonly CachedCheck _cache = new();

    public ConsumerLagHealthCheck(IWolverineRuntime runtime, ServiceIdentity service, IOptions<KafkaSettings> kafka, IOptionsMonitor<HealthSettings> settings,
        IEnumerable<IBatchedListenerStatus> batched)
    {
        _runtime = runtime;
        _batchedTopics = batched.Select(p => p.Topic).ToList();
        _service = service;
        _kafka = kafka.Value;
        _settings = settings;
        var config = new AdminClientConfig { SocketTimeoutMs = 3000 };
        _kafka.ApplyTo(config);
        _admin = new AdminClientBuilder(config).Build();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(_settings.CurrentValue.CacheFor, MeasureAsync, cancellationToken);

    private async Task<HealthCheckResult> MeasureAsync(CancellationToken cancellationToken)
    {
        var max = _settings.CurrentValue.MaxConsumerLag;
        var topics = _runtime.Options.Transports.AllEndpoints().OfType<KafkaTopic>()
            .Where(t => t.IsListener).Select(t => t.TopicName).Concat(_batchedTopics).Distinct().Order().ToList();
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

    private async Task<long> LagAsync(string topic)
    {
        var partitions = _admin.GetMetadata(topic, RequestTimeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        if (partitions.Count == 0) return 0;

        var group = ConsumerGroups.ForTopic(_kafka.GroupPrefix, _service.Name, topic);
        var committed = (await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }))
            .Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        var high = await OffsetsAsync(partitions, OffsetSpec.Latest());
        var low = await OffsetsAsync(partitions, OffsetSpec.Earliest());

        return partitions.Sum(p => ConsumerLag.OfPartition(committed.GetValueOrDefault(p.Partition.Value, -1), low[p.Partition.Value], high[p.Partition.Value]));
    }

    private async Task<Dictionary<int, long>> OffsetsAsync(IEnumerable<TopicPartition> partitions, OffsetSpec spec) =>
        (await _admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = RequestTimeout }))
        .ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);

    public void Dispose() => _admin.Dispose();
}
