using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.Contracts.Privacy;
using Orders.ServiceDefaults.Persistence;
using Wolverine;

namespace Orders.ServiceDefaults.Privacy;

public static class PersonalDataExtensions
{
    public const string ConnectionStringName = "KeyStore";

    /// <summary>
    /// The customer key store, for a service that seals or opens personal data (Ordering, Shipping; Payment needs none
    /// and gets no access). Returned as well as registered, because Wolverine's serializer is built before the container.
    /// </summary>
    public static ICustomerKeyStore AddCustomerKeyStore(this WebApplicationBuilder builder)
    {
        var connectionString = PostgresSettings.ConnectionString(builder.Configuration, ConnectionStringName);
        var store = new PostgresCustomerKeyStore(new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddSingleton<ICustomerKeyStore>(store);
        builder.Services.AddSingleton<ICustomerKeys>(store);
        return store;
    }

    /// <summary>Seals personal data in every message this service writes and opens it in every message it reads. Call after UseOrdersKafka.</summary>
    public static void SealPersonalData(this WolverineOptions opts, ICustomerKeys keys) =>
        opts.DefaultSerializer = new SealingSerializer(opts.DefaultSerializer, keys);
}
