using Orders.Contracts;

namespace Orders.ServiceDefaults.Kafka;

/// <summary>Per-topic settings (<c>...ByTopic:&lt;topic&gt;</c>) name topics of the suite's catalog.</summary>
public static class TopicSettingNames
{
    /// <summary>A per-topic setting naming a topic the suite does not have is a typo that would silently do nothing: refused.</summary>
    public static void Check(IEnumerable<string> topics, string setting)
    {
        var unknown = topics.Where(topic => TopicCatalog.All.All(known => known.Name != topic)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"{string.Join(", ", unknown.Select(topic => $"{setting}:{topic}"))}: the suite has no such topic (its topics: {string.Join(", ", TopicCatalog.All.Select(t => t.Name))}).");
    }
}
