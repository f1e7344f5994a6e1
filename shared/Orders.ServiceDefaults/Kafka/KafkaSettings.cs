using Confluent.Kafka;

namespace Orders.ServiceDefaults.Kafka;

/// <summary>
/// How a service reaches Kafka: section <c>Kafka</c> (environment: <c>Kafka__BootstrapServers</c>, ...).
/// Security settings are optional so the same build talks to the embedded broker, a laptop and a SASL/TLS cluster.
/// </summary>
public sealed class KafkaSettings
{
    public const string Section = "Kafka";

    public string BootstrapServers { get; set; } = "localhost:9092";
    public SecurityProtocol? SecurityProtocol { get; set; }
    public SaslMechanism? SaslMechanism { get; set; }
    public string? SaslUsername { get; set; }
    public string? SaslPassword { get; set; }
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate and key (PEM files) for clusters that authenticate clients by mutual TLS.</summary>
    public string? SslCertificateLocation { get; set; }
    public string? SslKeyLocation { get; set; }
    public string? SslKeyPassword { get; set; }

    /// <summary>Prefix of every consumer group id, so two suites can share one cluster.</summary>
    public string GroupPrefix { get; set; } = "orders";

    /// <summary>
    /// librdkafka's <c>fetch.wait.max.ms</c> for the services' consumers: how long the broker may hold a fetch that found
    /// no new record (default 500 ms). A real broker answers as soon as a record arrives, so this only bounds idle polling.
    /// </summary>
    public int? FetchWaitMaxMs { get; set; }

    /// <summary>
    /// <see cref="FetchWaitMaxMs"/> for one topic's listener (<c>Kafka__FetchWaitMaxMsByTopic__payments-events=20</c>): on
    /// the embedded broker, which holds an empty fetch for the whole wait even when a record arrives meanwhile, the
    /// lifecycle's listeners can poll often while the ones nobody waits on (the OrderView projection) keep librdkafka's
    /// wait: each fetch costs the embedded broker a walk of the partition's log (docs/performance.md, finding 12).
    /// </summary>
    public Dictionary<string, int> FetchWaitMaxMsByTopic { get; set; } = new();

    /// <summary>The fetch wait a listener of <paramref name="topic"/> asks for: its own, else every consumer's, else librdkafka's.</summary>
    public int? FetchWaitMaxMsFor(string topic) =>
        FetchWaitMaxMsByTopic.TryGetValue(topic, out var wait) ? wait : FetchWaitMaxMs;

    /// <summary>
    /// Refuses at start what would otherwise fail later or never: a per-topic wait for a topic the suite does not have, and
    /// a fetch wait librdkafka would refuse only when the first consumer is built (0 to 300,000 ms).
    /// </summary>
    public void Validate()
    {
        TopicSettingNames.Check(FetchWaitMaxMsByTopic.Keys, $"{Section}:{nameof(FetchWaitMaxMsByTopic)}");
        var waits = FetchWaitMaxMsByTopic.Select(w => ($"{Section}:{nameof(FetchWaitMaxMsByTopic)}:{w.Key}", (int?)w.Value))
            .Append(($"{Section}:{nameof(FetchWaitMaxMs)}", FetchWaitMaxMs));
        foreach (var (setting, wait) in waits)
            if (wait is < 0 or > 300_000) throw new InvalidOperationException($"{setting} must be between 0 and 300000 ms; it is {wait}.");
    }

    public void ApplyTo(ClientConfig config)
    {
        config.BootstrapServers = BootstrapServers;
        if (SecurityProtocol is { } protocol) config.SecurityProtocol = protocol;
        if (SaslMechanism is { } mechanism) config.SaslMechanism = mechanism;
        if (SaslUsername is not null) config.SaslUsername = SaslUsername;
        if (SaslPassword is not null) config.SaslPassword = SaslPassword;
        if (SslCaLocation is not null) config.SslCaLocation = SslCaLocation;
        if (SslCertificateLocation is not null) config.SslCertificateLocation = SslCertificateLocation;
        if (SslKeyLocation is not null) config.SslKeyLocation = SslKeyLocation;
        if (SslKeyPassword is not null) config.SslKeyPassword = SslKeyPassword;
    }
}
