using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine.Marten;

namespace Orders.ServiceDefaults.Persistence;

public static class OrdersPersistenceExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// Marten documents in the service's own schema, with Wolverine's inbox, outbox and dead letters in the same
    /// database so a handler's writes and the messages it sends commit in one transaction.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddOrdersMarten(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions>? configure = null)
    {
        var connectionString = PostgresSettings.ConnectionString(builder.Configuration, ConnectionStringName);

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddHostedService<StrandedOutgoingRelease>(); // outbox rows Wolverine's sender dropped go back to its recovery
        return builder.Services.AddMarten(options =>
            {
                options.DatabaseSchemaName = schema;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.UseSystemTextJsonForSerialization(enumStorage: Weasel.Core.EnumStorage.AsString);
                options.Schema.For<Recovery.RestoreInProgress>(); // every service restores its state from the log (Recovery)
                configure?.Invoke(options);
            })
            .UseNpgsqlDataSource()
            // Document tables exist before the first request; Wolverine builds its own inbox/outbox tables at start.
            // (Not AddResourceSetupOnStartup: it would also try to create Kafka topics, which provisioning owns.)
            .ApplyAllDatabaseChangesOnStartup()
            .UseLightweightSessions()
            .IntegrateWithWolverine(integration => integration.MessageStorageSchemaName = schema);
    }
}
