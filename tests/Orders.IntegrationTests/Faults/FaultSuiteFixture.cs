using Alba;
using Orders.IntegrationTests.Infrastructure;
using Orders.Kafka.Embedded;
using Orders.Verification;

namespace Orders.IntegrationTests.Faults;

/// <summary>
/// A private suite for fault injection: its own embedded broker (for the native fault API) and databases, so breaking
/// them never disturbs the other tests. Hosts can be stopped and started again, as a crash or a deploy would.
/// </summary>
public sealed class FaultSuiteFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Broker { get; private set; } = null!;
    public PostgresServer Postgres { get; private set; } = null!;
    public IAlbaHost Ordering { get; private set; } = null!;
    public IAlbaHost Payment { get; set; } = null!;
    public IAlbaHost Shipping { get; private set; } = null!;
    public string PaymentDatabase { get; private set; } = null!;
    public string OrderingDatabase => _orderingDatabase;
    private string _orderingDatabase = null!, _shippingDatabase = null!, _keyStoreDatabase = null!;

    /// <summary>Short, so the deadline test is quick; the other faults may hit it too, and the invariants must still hold.</summary>
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(6);

    public async Task InitializeAsync()
    {
        Broker = KafkaServer.StartEmbeddedWithCatalog();
        Postgres = await PostgresServer.StartAsync();
        _orderingDatabase = await Postgres.CreateDatabaseAsync("ordering");
        PaymentDatabase = await Postgres.CreateDatabaseAsync("payment");
        _shippingDatabase = await Postgres.CreateDatabaseAsync("shipping");
        _keyStoreDatabase = await Postgres.CreateDatabaseAsync("keystore");
        Ordering = await StartAsync<global::Ordering.Api.Orders.Order>(_orderingDatabase, ("Ordering:PaymentTimeout", PaymentTimeout.ToString()));
        Payment = await StartPaymentAsync();
        Shipping = await StartAsync<global::Shipping.Api.Shipments.ShippingSettings>(_shippingDatabase, ("Shipping:DispatchDelay", "00:00:00.3"));
    }

    public Task<IAlbaHost> StartPaymentAsync() => StartAsync<global::Payment.Api.Payments.PaymentSettings>(PaymentDatabase);

    private Task<IAlbaHost> StartAsync<T>(string database, params (string, string)[] settings) where T : class =>
        AlbaHost.For<T>(builder =>
        {
            builder.UseSetting("Kafka:BootstrapServers", Broker.BootstrapServers);
            builder.UseSetting("ConnectionStrings:Postgres", database);
            builder.UseSetting("ConnectionStrings:KeyStore", _keyStoreDatabase);
            builder.UseSetting("Logging:LogLevel:Default", "Critical");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });

    /// <summary>Each service's database by service name (its Wolverine tables live in the schema of that name).</summary>
    public IReadOnlyDictionary<string, string> Databases =>
        new Dictionary<string, string> { ["ordering"] = _orderingDatabase, ["payment"] = PaymentDatabase, ["shipping"] = _shippingDatabase };

    public InvariantChecker Checker => new(new SuiteUnderTest(Broker.BootstrapServers,
        Ordering.Server.CreateClient(), Payment.Server.CreateClient(), Shipping.Server.CreateClient(), Databases));

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { Shipping, Payment, Ordering }.Where(h => h is not null)) await host.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        Broker?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultSuiteFixture>
{
    public const string Name = "faults";
}
