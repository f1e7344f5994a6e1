using Confluent.Kafka;
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
/// <para>
/// The committed offsets and watermarks are read through a plain consumer per group that never subscribes (so it joins
/// nothing), not through the admin client's group-offset and list-offset requests: those can abort the whole process
/// when they time out while brokers come and go (librdkafka 2.16 asserts in <c>rd_kafka_enq_once_del_source_return</c>,
/// confluentinc/librdkafka#4605; <c>make chaos</c> saw Payment die of it during a broker outage).
/// </para>
/// </summary>
internal sealed class ConsumerLagHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    private readonly IAdminClient _admin; // topic metadata only
    private readonly Dictionary<string, IConsumer<Ignore, Ignore>> _groupReaders = []; // used under the cache's gate only
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

    private Task<long> LagAsync(string topic) => Task.Run(() =>
    {
        var partitions = _admin.GetMetadata(topic, RequestTimeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        if (partitions.Count == 0) return 0L;

        var reader = GroupReader(ConsumerGroups.ForTopic(_kafka.GroupPrefix, _service.Name, topic));
        try
        {
            var committed = reader.Committed(partitions, RequestTimeout).ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
            return partitions.Sum(p =>
            {
                var watermarks = reader.QueryWatermarkOffsets(p, RequestTimeout);
                return ConsumerLag.OfPartition(committed.GetValueOrDefault(p.Partition.Value, Offset.Unset.Value), watermarks.Low.Value, watermarks.High.Value);
            });
        }
        finally
        {
            DiscardQueuedErrors(reader);
        }
    });

    /// <summary>
    /// The reader is never polled for records, but librdkafka queues its connection errors (a broker outage) for the
    /// application: served here, so they do not pile up. The kafka check reports the broker's state.
    /// </summary>
    private static void DiscardQueuedErrors(IConsumer<Ignore, Ignore> reader)
    {
        for (var served = 0; served < 1000; served++)
        {
            try
            {
                if (reader.Consume(TimeSpan.Zero) is null) return;
            }
            catch (ConsumeException)
            {
                // one queued error served
            }
        }
    }

    private IConsumer<Ignore, Ignore> GroupReader(string group)
    {
        if (_groupReaders.TryGetValue(group, out var reader)) return reader;
        var config = new ConsumerConfig { GroupId = group, EnableAutoCommit = false, SocketTimeoutMs = 3000 };
        _kafka.ApplyTo(config);
        return _groupReaders[group] = new ConsumerBuilder<Ignore, Ignore>(config).Build();
    }

    public void Dispose()
    {
        foreach (var reader in _groupReaders.Values) reader.Dispose();
        _admin.Dispose();
    }
}
