using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orders.Contracts;
using Orders.Kafka.Embedded;
using Orders.Verification;

namespace Orders.Chaos;

/// <summary>
/// The suite under chaos: the embedded broker in this process (so its native fault API is at hand), a fresh database
/// per service, and the three services as real processes built in Release (make chaos builds them first).
/// </summary>
public sealed class ChaosSuite : IAsyncDisposable
{
    public const string UnavailableSku = "SKU-GONE";
    public const string AdminKey = "chaos-admin-key";

    public EmbeddedKafkaCluster Broker { get; }
    public IReadOnlyDictionary<string, ServiceProcess> Services { get; }
    public IReadOnlyDictionary<string, string> Databases { get; }
    public string PostgresAdmin { get; }

    private ChaosSuite(EmbeddedKafkaCluster broker, IReadOnlyDictionary<string, ServiceProcess> services, IReadOnlyDictionary<string, string> databases, string postgresAdmin) =>
        (Broker, Services, Databases, PostgresAdmin) = (broker, services, databases, postgresAdmin);

    public ServiceProcess Ordering => Services["ordering"];

    public static async Task<ChaosSuite> StartAsync(ChaosOptions options, string repositoryRoot, string configuration, CancellationToken cancellation)
    {
        var broker = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
        {
            Brokers = 3, // so a partition's leadership can move, as in a real cluster's failover
            Topics = TopicCatalog.All.Select(t => new EmbeddedTopic(t.Name, t.Partitions, Math.Min((int)t.ReplicationFactor, 3))).ToList(),
        });
        Console.WriteLine($"chaos: embedded broker on {broker.BootstrapServers} (3 brokers)");

        var databases = new Dictionary<string, string>();
        foreach (var service in new[] { "ordering", "payment", "shipping" })
            databases[service] = await RecreateDatabaseAsync(options.PostgresAdmin, $"chaos_{service}", cancellation);
        var keyStore = await RecreateDatabaseAsync(options.PostgresAdmin, "chaos_keystore", cancellation);

        var logs = Path.Combine(repositoryRoot, ".local", "chaos");
        Directory.CreateDirectory(logs);
        var services = new Dictionary<string, ServiceProcess>();
        foreach (var (service, project) in new[] { ("ordering", "Ordering"), ("payment", "Payment"), ("shipping", "Shipping") })
        {
            var dll = Path.Combine(repositoryRoot, "services", project, $"{project}.Api", "bin", configuration, "net10.0", $"{project}.Api.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the solution in {configuration} first (make chaos does).");
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Kafka__BootstrapServers"] = broker.BootstrapServers,
                ["ConnectionStrings__Postgres"] = databases[service],
                ["Admin__ApiKey"] = AdminKey,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Shipping__UnavailableSkus__0"] = UnavailableSku,
            };
            // The customer key store (GDPR): Ordering seals personal data with it, Shipping opens addresses; Payment never sees it.
            if (service != "payment") environment["ConnectionStrings__KeyStore"] = keyStore;
            // As make run starts them (services/runtime.env and the service's own, infra/embedded-kafka.env); the runner's environment wins.
            foreach (var (key, value) in EmbeddedKafkaProfile.LocalRunSettings(repositoryRoot, project)) environment[key] = value;
            File.Delete(Path.Combine(logs, $"{service}.log"));
            services[service] = new ServiceProcess(service, dll, FreePort(), environment, Path.Combine(logs, $"{service}.log"));
        }
        var suite = new ChaosSuite(broker, services, databases, options.PostgresAdmin);
        foreach (var process in services.Values)
        {
            await process.StartAsync(cancellation); // one after the other: on two cores, parallel starts only make each slower
            Console.WriteLine($"chaos: {process.Name} ready on {process.BaseAddress} (log .local/chaos/{process.Name}.log)");
        }
        return suite;
    }

    public SuiteUnderTest ForChecker() => new(Broker.BootstrapServers,
        new HttpClient { BaseAddress = Services["ordering"].BaseAddress }, new HttpClient { BaseAddress = Services["payment"].BaseAddress },
        new HttpClient { BaseAddress = Services["shipping"].BaseAddress }, Databases);

    private static async Task<string> RecreateDatabaseAsync(string admin, string name, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellation);
        await using (var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection)) await drop.ExecuteNonQueryAsync(cancellation);
        await using (var create = new NpgsqlCommand($"create database \"{name}\"", connection)) await create.ExecuteNonQueryAsync(cancellation);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Services.Values) await process.DisposeAsync();
        Broker.Dispose();
    }
}
