using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Orders.Contracts;

namespace Orders.Tools.Provisioning;

/// <summary>One line of the provisioning report.</summary>
public sealed record TopicFinding(string Topic, string Status, string Detail);

/// <summary>
/// Brings a real cluster in line with the topic catalog: creates what is missing, and reports drift on what exists.
/// It never deletes, shrinks, repartitions or changes retention: on a system of record those are decisions for a
/// person (adding partitions re-routes keys and breaks per-order ordering; shorter retention destroys history).
/// </summary>
public sealed class TopicProvisioner(string bootstrapServers, Action<ClientConfig>? secure = null)
{
    public async Task<IReadOnlyList<TopicFinding>> ProvisionAsync(IReadOnlyList<TopicSpec> catalog, bool apply, short? replicationFactor = null)
    {
        var config = new AdminClientConfig { BootstrapServers = bootstrapServers };
        secure?.Invoke(config);
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var findings = new List<TopicFinding>();

        foreach (var spec in catalog)
        {
            var existing = metadata.Topics.SingleOrDefault(t => t.Topic == spec.Name && !t.Error.IsError);
            if (existing is null)
            {
                if (!apply) { findings.Add(new(spec.Name, "missing", $"would create {spec.Partitions} partitions")); continue; }
                await admin.CreateTopicsAsync([ToSpecification(spec, replicationFactor)]);
                findings.Add(new(spec.Name, "created", $"{spec.Partitions} partitions, replication {replicationFactor ?? spec.ReplicationFactor}, retention.ms={spec.RetentionMs}"));
                continue;
            }

            var drift = new List<string>();
            if (existing.Partitions.Count != spec.Partitions)
                drift.Add($"{existing.Partitions.Count} partitions, catalog says {spec.Partitions} (not changed: repartitioning re-routes order ids)");
            drift.AddRange(await ConfigDriftAsync(admin, spec));
            findings.Add(drift.Count == 0 ? new(spec.Name, "ok", "matches the catalog") : new(spec.Name, "drift", string.Join("; ", drift)));
        }
        return findings;
    }

    public static TopicSpecification ToSpecification(TopicSpec spec, short? replicationFactor = null) => new()
    {
        Name = spec.Name,
        NumPartitions = spec.Partitions,
        ReplicationFactor = replicationFactor ?? spec.ReplicationFactor,
        Configs = new Dictionary<string, string>
        {
            ["retention.ms"] = spec.RetentionMs.ToString(),
            ["cleanup.policy"] = spec.CleanupPolicy,
            ["min.insync.replicas"] = Math.Min(spec.MinInSyncReplicas, replicationFactor ?? spec.ReplicationFactor).ToString(),
        },
    };

    private static async Task<IEnumerable<string>> ConfigDriftAsync(IAdminClient admin, TopicSpec spec)
    {
        try
        {
            var described = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = spec.Name }],
                new DescribeConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(5) })).Single();
            var expected = new Dictionary<string, string> { ["retention.ms"] = spec.RetentionMs.ToString(), ["cleanup.policy"] = spec.CleanupPolicy };
            return expected
                .Where(e => described.Entries.TryGetValue(e.Key, out var actual) && actual.Value != e.Value)
                .Select(e => $"{e.Key}={described.Entries[e.Key].Value}, catalog says {e.Value} (not changed)")
                .ToList();
        }
        catch (KafkaException e)
        {
            return [$"configuration could not be read ({e.Error.Reason})"];
        }
    }
}
