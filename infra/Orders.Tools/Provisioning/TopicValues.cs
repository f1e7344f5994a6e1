using System.Text;
using Orders.Contracts;

namespace Orders.Tools.Provisioning;

/// <summary>
/// The topic catalog as the Helm chart's <c>topics:</c> value (<c>orders-tools topics --helm-values</c>), so the chart
/// is regenerated from code rather than edited by hand; a deployment test keeps the two equal.
/// </summary>
public static class TopicValues
{
    public static string ToYaml(IEnumerable<TopicSpec> catalog)
    {
        var yaml = new StringBuilder("topics:\n");
        foreach (var t in catalog)
        {
            yaml.Append($"  - name: {t.Name}\n");
            yaml.Append($"    kind: {t.Kind}\n");
            yaml.Append($"    partitions: {t.Partitions}\n");
            yaml.Append($"    replicationFactor: {t.ReplicationFactor}\n");
            yaml.Append($"    minInSyncReplicas: {t.MinInSyncReplicas}\n");
            yaml.Append($"    retentionMs: {t.RetentionMs}\n");
            yaml.Append($"    cleanupPolicy: {t.CleanupPolicy}\n");
        }
        return yaml.ToString();
    }
}
