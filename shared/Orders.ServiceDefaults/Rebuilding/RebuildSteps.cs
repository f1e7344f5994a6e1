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
    /// A store on a fresh, empty copy in <paramref name="schema"/> beside the live schema, for a rebuild that writes it a
    /// slice at a time while the live projection keeps serving.
    /// </summary>
    public static async Task<DocumentStore> OpenEmptyCopyAsync(NpgsqlDataSource dataSource, string schema, Action<StoreOptions> registerDocuments,
        CancellationToken cancellation)
    {
        var copy = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.DatabaseSchemaName = schema;
            options.UseSystemTextJsonForSerialization(enumStorage: Weasel.Core.EnumStorage.AsString);
            registerDocuments(options);
        });
        await copy.Advanced.Clean.CompletelyRemoveAllAsync(cancellation);
        return copy;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
