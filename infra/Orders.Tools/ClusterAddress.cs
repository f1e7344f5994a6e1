using Microsoft.Extensions.Configuration;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Tools;

/// <summary>Which Kafka cluster the tools talk to.</summary>
public static class ClusterAddress
{
    /// <summary>
    /// <c>--bootstrap</c>, else <c>Kafka__BootstrapServers</c>, else <c>KAFKA_BOOTSTRAP_SERVERS</c>; null when none is set.
    /// Read from the configuration's own key, not from a bound <see cref="KafkaSettings"/>: its default
    /// (localhost:9092) would win over <c>KAFKA_BOOTSTRAP_SERVERS</c> as soon as any other <c>Kafka__</c> setting (a SASL
    /// mechanism, a CA file) is set.
    /// </summary>
    public static string? Resolve(string? option, IConfiguration environment) =>
        option
        ?? environment[$"{KafkaSettings.Section}:{nameof(KafkaSettings.BootstrapServers)}"]
        ?? environment["KAFKA_BOOTSTRAP_SERVERS"];
}
