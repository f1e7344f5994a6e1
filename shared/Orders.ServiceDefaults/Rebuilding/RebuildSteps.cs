using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>The steps every projection rebuild shares, whatever it folds: read the log with progress, write the copy.</summary>
public static class RebuildSteps
{
    /// <summary>
    /// A rebuild's decoder: records decoded as the live listeners decode them, progress logged, and the time spent reading
    /// and decoding added to <paramref name="clock"/> (the rate a rebuild reports leaves out writing and comparing).
    /// </summary>
    public static LogSlices.Decoder TimedDecoder(Stopwatch clock, string projection, ILogger logger, UpcastSettings upcast, ICustomerKeys? keys) =>
        (records, facts) =>
        {
            clock.Start();
            try { return LogFacts.Decode(WithProgress(records, projection, logger), upcast, keys, facts); }
            finally { clock.Stop(); }
        };

    /// <summary>The records as they are read, logging progress every 10,000 (a rebuild of a long log takes a while).</summary>
    public static IEnumerable<LogRecord> WithProgress(IEnumerable<LogRecord> records, string projection, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        long read = 0;
        foreach (var record in records)
        {
            if (++read % 10_000 == 0) logger.LogInformation("Rebuild {Projection}: {Read} events read ({Rate:N0}/s)", projection, read, read / clock.Elapsed.TotalSeconds);
            yield return record;
        }
    }

    /// <summary>
    /// Documents per COPY of a bulk insert (the rebuild's copy, the restore at start-up). Marten's default of 1,000 made
    /// writing 100,000 payments take 1.3–2.2 s on the bench's host; 10,000 took 0.7–1.0 s (docs/performance.md, step 28).
    /// </summary>
    public const int BulkInsertBatchSize = 10_000;

    /// <summary>
    /// A store on a fresh, empty copy in <paramref name="schema"/> beside the live schema, with the live store's document
    /// mapping (<paramref name="registerDocuments"/>), for a rebuild that writes it a slice at a time while the live
    /// projection keeps serving. Disposing it drops the copy.
    /// </summary>
    public static async Task<RebuildCopy> OpenEmptyCopyAsync(NpgsqlDataSource dataSource, string schema, Action<StoreOptions> registerDocuments,
        ILogger logger, CancellationToken cancellation)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.UseSystemTextJsonForSerialization(enumStorage: Weasel.Core.EnumStorage.AsString);
            registerDocuments(options);
        });
        var copy = new RebuildCopy(store, dataSource, schema, logger);
        await copy.DropAsync(cancellation); // what a rebuild stopped half-way left
        // Created now, not on the first write: an empty log writes nothing, and the comparison and the swap read the tables.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return copy;
    }

    /// <summary>
    /// Replaces documents of the live table with the copy's rows, by SQL (no document is deserialized): those of
    /// <paramref name="ids"/>, or all of them (the live table emptied first). The copy's store has the live one's mapping,
    /// so the columns are the same; they are named from the copy's table, whatever order a migration gave the live one's.
    /// The copied rows carry the copy's versions, so a handler that loaded a replaced document fails its version check.
    /// Answers how many rows were copied.
    /// </summary>
    public static async Task<int> ReplaceWithCopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string liveSchema,
        string copySchema, IReadOnlyCollection<Guid>? ids, CancellationToken cancellation)
    {
        await using var columns = new NpgsqlCommand(
            "select string_agg(quote_ident(column_name), ', ' order by ordinal_position) from information_schema.columns where table_schema = @schema and table_name = @table",
            connection, transaction);
        columns.Parameters.AddWithValue("schema", copySchema);
        columns.Parameters.AddWithValue("table", table);
        var list = await columns.ExecuteScalarAsync(cancellation) as string
                   ?? throw new InvalidOperationException($"The rebuild's copy {copySchema}.{table} does not exist.");
        var only = ids is null ? "" : " where id = any($1)";
        await using var replace = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"delete from {liveSchema}.{table}{only}"),
                new NpgsqlBatchCommand($"insert into {liveSchema}.{table} ({list}) select {list} from {copySchema}.{table}{only}"),
            },
        };
        if (ids is not null)
            foreach (var command in replace.BatchCommands) command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await replace.ExecuteNonQueryAsync(cancellation);
        return replace.BatchCommands[1].RecordsAffected;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
