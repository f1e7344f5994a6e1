using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Orders.Contracts;
using Orders.Kafka.Embedded;
using Orders.Kafka.Native;
using Testcontainers.Kafka;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>
/// The Kafka the tests talk to, in this order: <c>KAFKA_BOOTSTRAP_SERVERS</c> when set, a Testcontainers broker when a
/// Docker engine answers, else the embedded Kafka-protocol broker. All three speak the real wire protocol; the catalog's
/// topics are created on each.
/// </summary>
public sealed class KafkaServer : IAsyncDisposable
{
    private readonly EmbeddedKafkaCluster? _embedded;
    private readonly KafkaContainer? _container;

    public string BootstrapServers { get; }
    public string Kind { get; }

    /// <summary>The embedded broker's fault API, for fault tests; null on a real Kafka.</summary>
    public EmbeddedKafkaCluster? Embedded => _embedded;

    private KafkaServer(string bootstrapServers, string kind, EmbeddedKafkaCluster? embedded = null, KafkaContainer? container = null)
    {
        (BootstrapServers, Kind, _embedded, _container) = (bootstrapServers, kind, embedded, container);
    }

    public static async Task<KafkaServer> StartAsync()
    {
        ConfluentNativeLibrary.EnsureInstalled();
        KafkaServer server;
        if (Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } configured)
            server = new KafkaServer(configured, "configured");
        else if (DockerEngine.IsAvailable)
        {
            var container = new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
            await container.StartAsync();
            server = new KafkaServer(container.GetBootstrapAddress(), "testcontainers", container: container);
        }
        else
        {
            var embedded = StartEmbeddedWithCatalog();
            return new KafkaServer(embedded.BootstrapServers, "embedded", embedded);
        }

        await server.CreateCatalogTopicsAsync();
        return server;
    }

    /// <summary>
    /// An embedded broker of a test's own with the catalog's topics: for tests that need a log nobody else writes (a restore,
    /// a start on a given log) or faults only the embedded broker can inject. The caller disposes of it.
    /// </summary>
    public static EmbeddedKafkaCluster StartEmbeddedWithCatalog() =>
        EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = TopicCatalog.All.Select(t => new EmbeddedTopic(t.Name, t.Partitions)).ToList() });

    /// <summary>Creates the catalog's topics on a real broker (replication 1 on a one-node test cluster); existing ones are kept.</summary>
    private async Task CreateCatalogTopicsAsync()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        try
        {
            await admin.CreateTopicsAsync(TopicCatalog.All.Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1 }));
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // already provisioned by an earlier run against the same cluster
        }
    }

    public async ValueTask DisposeAsync()
    {
        _embedded?.Dispose();
        if (_container is not null) await _container.DisposeAsync();
    }
}
