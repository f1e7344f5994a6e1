using Marten;
using Npgsql;
using Orders.ServiceDefaults.Rebuilding;

namespace Ordering.Api.Orders.History;

/// <summary>
/// The upgrade from builds that kept the audit log as Marten documents (<c>mt_doc_orderhistoryentry</c>, the entry as
/// jsonb): at start-up, before any listener, their rows move into <see cref="OrderHistoryTable"/> and the document table
/// is dropped, in one transaction, so a crash half-way leaves the old table whole and the next start moves it again.
/// Replicas starting together take turns (an advisory lock); the second finds nothing left to move.
/// </summary>
public sealed class HistoryOutOfDocuments(IDocumentStore store, NpgsqlDataSource database, ILogger<HistoryOutOfDocuments> logger)
    : IHostedService
{
    public const string DocumentTable = "mt_doc_orderhistoryentry";

    public async Task StartAsync(CancellationToken cancellation)
    {
        var documents = $"{store.Options.DatabaseSchemaName}.{DocumentTable}";
        var history = OrderHistoryTable.QualifiedName(store.Options);
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await RebuildSteps.ExecuteAsync(connection, $"select pg_advisory_xact_lock(hashtext('{documents} -> {history}'))", cancellation);
        if (await ScalarAsync(connection, $"select to_regclass('{documents}') is not null", cancellation) is not true) return;

        logger.LogInformation("Moving the order history out of the document table {Documents} into {History}...", documents, history);
        // The document's JSON names are the entry's property names (the services' serializer keeps them as declared).
        var moved = await ScalarAsync(connection, $"""
            with moved as (
                insert into {history}
                    (id, order_id, wire_type, current_type, topic, log_partition, log_offset, sent_at, correlation_id, causation_id, payload)
                select id, (data->>'OrderId')::uuid, data->>'WireType', data->>'CurrentType', data->>'Topic',
                       (data->>'Partition')::integer, (data->>'Offset')::bigint, (data->>'Timestamp')::timestamptz,
                       data->>'CorrelationId', (data->>'CausationId')::uuid, data->>'Payload'
                from {documents}
                on conflict (id) do nothing
                returning 1)
            select count(*) from moved
            """, cancellation);
        await RebuildSteps.ExecuteAsync(connection, $"drop table {documents}", cancellation);
        await transaction.CommitAsync(cancellation);
        logger.LogInformation("Moved {Entries} history entries into {History}; dropped {Documents}", moved, history, documents);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellation);
    }
}
