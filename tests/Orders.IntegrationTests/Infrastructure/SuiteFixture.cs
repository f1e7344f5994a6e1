using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Recovery;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>
/// The whole suite for the tests: one Kafka (see <see cref="KafkaServer"/>), fresh PostgreSQL databases, and the
/// three real service hosts (Alba) wired to them exactly as in production, with their Kafka listeners running.
/// </summary>
public class SuiteFixture : IAsyncLifetime
{
    public KafkaServer Kafka { get; private set; } = null!;
    public PostgresServer Postgres { get; private set; } = null!;
    public IAlbaHost Ordering { get; private set; } = null!;
    public IAlbaHost Payment { get; private set; } = null!;
    public IAlbaHost Shipping { get; private set; } = null!;
    public string OrderingDatabase { get; private set; } = null!;
    public string PaymentDatabase { get; private set; } = null!;
    public string ShippingDatabase { get; private set; } = null!;
    /// <summary>The customer key store (crypto-shredding): outside every service database, shared by Ordering and Shipping.</summary>
    public string KeyStoreDatabase { get; private set; } = null!;

    /// <summary>The warehouse's picking time in tests: long enough to cancel a paid order before it leaves.</summary>
    public static readonly TimeSpan DispatchDelay = TimeSpan.FromSeconds(2);

    public const string AdminKey = "test-admin-key";

    /// <summary>A SKU the warehouse cannot pick: an order holding it fails at Shipping and is compensated.</summary>
    public const string UnavailableSku = "SKU-GONE";

    /// <summary>Unique per run, so a shared real Kafka never hands this run another run's committed offsets.</summary>
    private readonly string _groupPrefix = $"test-{Guid.NewGuid():N}"[..13];

    /// <summary>The services' consumer groups are <c>{GroupPrefix}-{service}.{topic}</c>.</summary>
    public string GroupPrefix => _groupPrefix;

    public async Task InitializeAsync()
    {
        var kafka = KafkaServer.StartAsync();
        var postgres = PostgresServer.StartAsync();
        Kafka = await kafka;
        Postgres = await postgres;

        OrderingDatabase = await Postgres.CreateDatabaseAsync("ordering");
        PaymentDatabase = await Postgres.CreateDatabaseAsync("payment");
        ShippingDatabase = await Postgres.CreateDatabaseAsync("shipping");
        KeyStoreDatabase = await Postgres.CreateDatabaseAsync("keystore");

        // Started one after the other: on two cores, parallel code generation only makes each start slower.
        // Read-your-writes waits up to 3 s here (5 s by default): long enough for a write to cross the embedded broker on
        // a busy two-core CI machine (one second was not, once), short enough for the test that waits it out.
        Ordering = await StartAsync<global::Ordering.Api.Orders.Order>(OrderingDatabase, ("Ordering:ReadYourWritesTimeout", "00:00:03"));
        Payment = await StartAsync<global::Payment.Api.Payments.PaymentSettings>(PaymentDatabase);
        Shipping = await StartAsync<global::Shipping.Api.Shipments.ShippingSettings>(ShippingDatabase,
            ("Shipping:DispatchDelay", DispatchDelay.ToString()), ("Shipping:UnavailableSkus:0", UnavailableSku));
    }

    /// <summary>Starts one service (identified by any type of its assembly) against this fixture's Kafka and database.</summary>
    public Task<IAlbaHost> StartAsync<TServiceAssembly>(string database, params (string Key, string Value)[] settings) where TServiceAssembly : class =>
        StartAsync<TServiceAssembly>(database, _ => { }, settings);

    /// <summary>Starts one service with <paramref name="services"/> added to its container (a test's own listener, say).</summary>
    public Task<IAlbaHost> StartAsync<TServiceAssembly>(string database, Action<IServiceCollection> services, params (string Key, string Value)[] settings)
        where TServiceAssembly : class =>
        AlbaHost.For<TServiceAssembly>(builder =>
        {
            builder.ConfigureServices(services);
            builder.UseEnvironment("Testing");
            builder.UseSetting("Kafka:BootstrapServers", Kafka.BootstrapServers);
            builder.UseSetting("Kafka:GroupPrefix", _groupPrefix);
            builder.UseSetting("ConnectionStrings:Postgres", database);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Admin:ApiKey", AdminKey);
            builder.UseSetting("ConnectionStrings:KeyStore", KeyStoreDatabase);
            // Traced as in production (values-production.yaml names a collector): the services record spans only for an
            // exporter. Nothing listens on this port; the exporter drops what it cannot ship.
            builder.UseSetting(TelemetryExtensions.ExporterSetting, "otlp");
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
            // Slices of a few hundred records: every restore and rebuild of the tests reads the log in many slices, some
            // in several passes, as one of a long production log does (LogSlices); a test may ask for fewer.
            builder.UseSetting(LogSlices.RecordsPerFoldSetting, "300");
            // Tests write garbage to the event topics on purpose; a service restoring from them is told so.
            builder.UseSetting(RestoreFromLog.SkipUnreadableSetting, string.Join(",", TopicReader.Written));
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            Configure(builder);
        });

    /// <summary>A hook for fixtures that need more of every host (log capture).</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    public virtual async Task DisposeAsync()
    {
        foreach (var host in new[] { Shipping, Payment, Ordering }.Where(h => h is not null)) await host.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        if (Kafka is not null) await Kafka.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
