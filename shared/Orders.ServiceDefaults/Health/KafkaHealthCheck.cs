using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Health;

/// <summary>
/// Ready only while a broker answers a metadata request and every topic this service reads (<see cref="ListenedTopics"/>)
/// is there; degraded while one of those topics has a partition without a leader (its listener waits for that partition).
/// </summary>
public sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    private readonly IAdminClient _admin;
    private readonly ListenedTopics _listened;

    public KafkaHealthCheck(IOptions<KafkaSettings> settings, ListenedTopics listened)
    {
        var config = new AdminClientConfig { SocketTimeoutMs = 3000 };
        settings.Value.ApplyTo(config);
        _admin = new AdminClientBuilder(config).Build();
        _listened = listened;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        try
        {
            // Needs a live broker: an empty broker list means none answered. Asking for all topics creates none.
            return Judge(_admin.GetMetadata(TimeSpan.FromSeconds(3)), _listened.All());
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy("Kafka does not answer.", e);
        }
    }, cancellationToken);

    /// <summary>What the cluster's answer means for a service reading <paramref name="topics"/>.</summary>
    public static HealthCheckResult Judge(Metadata metadata, IReadOnlyList<string> topics)
    {
        if (metadata.Brokers.Count == 0) return HealthCheckResult.Unhealthy("No Kafka broker answers.");
        var found = metadata.Topics.ToDictionary(t => t.Topic);
        foreach (var name in topics)
        {
            if (!found.TryGetValue(name, out var topic)) return HealthCheckResult.Unhealthy($"Kafka answers but has no topic {name}.");
            if (topic.Error.IsError) return HealthCheckResult.Unhealthy($"Kafka answers but topic {name} is not usable: {topic.Error.Reason}");
        }
        var leaderless = topics.Where(name => found[name].Partitions.Any(p => p.Leader < 0)).ToList();
        return leaderless.Count > 0
            ? HealthCheckResult.Degraded($"Some partitions of {string.Join(", ", leaderless)} have no leader.")
            : HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)");
    }

    public void Dispose() => _admin.Dispose();
}
