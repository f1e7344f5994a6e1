using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Privacy;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>How a service's documents follow from its own topics: the pure fold an empty database is restored with.</summary>
public sealed record StateFold<TDocument>(
    IReadOnlyList<string> Topics,
    Func<IEnumerable<(LogRecord Record, object Message)>, IReadOnlyCollection<TDocument>> Fold,
    Func<TDocument, Guid> IdOf)
{
    /// <summary>Folds the facts in the order their service decided them (<see cref="DecisionOrder"/>), not the log's.</summary>
    public IReadOnlyCollection<TDocument> FoldInDecisionOrder(IEnumerable<(LogRecord Record, object Message)> facts) =>
        Fold(DecisionOrder.Of(facts, f => f.Record.SentAt, f => f.Record.Offset));
}

/// <summary>
/// Rebuilds documents that are a service's decisions as well as its read model (Payment's payments, Shipping's
/// shipments): folds its topics from offset 0 up to a cut into a fresh copy (schema <c>{service}_rebuild</c>) with the
/// same fold that restores an empty database, compares the copy with the live documents, and swaps it in only when they
/// match or when asked. It holds a slice of whole orders at a time, not the log (<see cref="LogSlices"/>).
/// <para>
/// Unlike a pure read model, such a document can be ahead of the log: its handler commits it together with the outbox
/// record of its event, which reaches Kafka a moment later. So the swap locks the live table (handlers wait), waits for
/// the outbox to drain (everything committed is then in the log), copies the differing documents of orders with nothing
/// new since the cut from the copy, folds the log again up to its new end for the orders that have moved since, and
/// masks again the customers erased while it ran. Documents the log does not decide (a shipment still waiting for
/// dispatch) are left as they are: reported, never deleted. The copy is dropped when the rebuild ends (<see cref="RebuildCopy"/>).
/// </para>
/// <para>
/// Records it cannot decode are counted and skipped, and the first is named in the report: an operator runs a rebuild
/// and reads its report, and a skipped fact that mattered shows up as a differing document (<c>auto</c> then swaps
/// nothing) or as a live-only one (the swap leaves those as they are). A restore at start-up has no one to read a report
/// and nothing live to compare with, so it refuses instead (<see cref="Recovery.RestoreStateFromLog{TDocument}"/>).
/// </para>
/// </summary>
public sealed class StateRebuild<TDocument>(
    string name, StateFold<TDocument> fold, Action<StoreOptions> configureDocuments, IDocumentStore live, NpgsqlDataSource dataSource,
    IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<StateRebuild<TDocument>> logger, ICustomerKeys? keys = null,
    ICustomerKeyStore? erasures = null, MaskErasedCustomer? maskErased = null) : IProjectionRebuild where TDocument : notnull
{
    /// <summary>How long the swap waits, holding the table lock, for the outbox to hand its last events to Kafka.</summary>
    public static readonly TimeSpan OutboxDrainTimeout = TimeSpan.FromSeconds(30);

    public string Name => name;

    private string Schema => live.Options.DatabaseSchemaName;

    // Marten's default table name for a document type: mt_doc_ + the type's name in lower case.
    private string Table => $"mt_doc_{typeof(TDocument).Name.ToLowerInvariant()}";

    private string CopySchema => $"{Schema}_rebuild";

    public async Task<RebuildReport> RunAsync(SwapMode mode, CancellationToken cancellation)
    {
        var erasedMeanwhile = new ErasedDuringRebuild(erasures, maskErased); // before the first record is decoded
        var log = new KafkaLog(kafka.Value);
        var upcast = OrdersMessagingExtensions.UpcastSettingsFrom(configuration);
        var slices = new LogSlices(log, LogSlices.RecordsPerFold(configuration), logger, $"Rebuild {name}");
        var cut = log.CurrentEnd(fold.Topics);

        // A slice at a time: fold it, write it into the copy, compare it with the live documents of the same ids.
        await using var copy = await RebuildSteps.OpenEmptyCopyAsync(dataSource, CopySchema, configureDocuments, logger, cancellation);
        var compared = new RebuildComparison<TDocument>(Json);
        var readAndFold = new Stopwatch(); // the rate reported: reading, decoding and folding, not writing or comparing
        async Task CompareAsync(List<(LogRecord Record, object Message)> facts)
        {
            readAndFold.Start();
            var rebuilt = ById(fold.FoldInDecisionOrder(facts));
            readAndFold.Stop();
            if (rebuilt.Count > 0) await copy.Store.BulkInsertAsync(rebuilt.Values.ToList(), batchSize: RebuildSteps.BulkInsertBatchSize, cancellation: cancellation);
            await using var query = live.QuerySession();
            compared.Add(ById(await LoadAsync(query, rebuilt.Keys, cancellation)), rebuilt);
        }
        var found = await slices.ReadAsync(cut, RebuildSteps.TimedDecoder(readAndFold, name, logger, upcast, keys), CompareAsync, async () =>
        {
            await copy.Store.Advanced.Clean.DeleteAllDocumentsAsync(cancellation);
            compared = new RebuildComparison<TDocument>(Json);
        }, cancellation);
        var read = found.Read;
        var seconds = readAndFold.Elapsed.TotalSeconds;
        int liveCount;
        await using (var query = live.QuerySession()) liveCount = await query.Query<TDocument>().CountAsync(cancellation);
        var differing = compared.Differing.Order().ToList();
        var aheadOfLog = liveCount - compared.Live;

        var swap = mode == SwapMode.Always || (mode == SwapMode.Auto && differing.Count == 0);
        var (late, written, masked, locked) = swap ? await SwapAsync(log, slices, cut, upcast, differing, erasedMeanwhile, cancellation) : (null, 0, 0, TimeSpan.Zero);
        var caughtUp = late?.Read ?? 0;
        // Undecodable records among the late ones are skipped like the others (the live listener dead-letters them too).
        var undecodable = found.Undecodable + (late?.Undecodable ?? 0);
        var rate = read / Math.Max(seconds, 0.001);
        var summary = $"{read:N0} events in {seconds:N1} s ({rate:N0}/s); " +
                      (undecodable > 0 ? $"{undecodable} undecodable, skipped (first: {found.FirstUndecodableDescription ?? late?.FirstUndecodableDescription}); " : "") +
                      $"{compared.Rebuilt} rebuilt, {liveCount} live, {differing.Count} differ, " +
                      $"{aheadOfLog} live only (not decided by the log yet, left as they are); " +
                      (swap ? $"swapped: {written} document(s) written, {caughtUp} event(s) that arrived during the rebuild applied, " +
                             $"{masked} customer(s) erased during the rebuild masked again, the table locked {locked.TotalSeconds:N1} s" : "not swapped");
        logger.LogInformation("Rebuild {Projection}: {Summary}", name, summary);
        return new RebuildReport(name, read, undecodable, seconds, rate, liveCount, compared.Rebuilt, differing, swap, caughtUp, summary);
    }

    /// <summary>
    /// Under the table's lock, with the outbox drained, writes the documents the log now decides differently from the live
    /// ones. Those that differed in the comparison and whose orders have no fact after the cut are the copy's, copied by
    /// SQL; the orders with facts after the cut are folded from the log again up to its new end, a slice at a time, reading
    /// only their keys. Then the customers erased since the rebuild began are masked again (<see cref="ErasedDuringRebuild"/>).
    /// </summary>
    private async Task<(FactsRead CaughtUp, int Written, int Masked, TimeSpan Locked)> SwapAsync(KafkaLog log, LogSlices slices, KafkaLog.Cut cut,
        UpcastSettings upcast, IReadOnlyList<Guid> differing, ErasedDuringRebuild erasedMeanwhile, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await RebuildSteps.ExecuteAsync(connection, $"lock table {Schema}.{Table} in exclusive mode", cancellation);
        var locked = Stopwatch.StartNew(); // handlers that write this table wait as long: the report says how long
        await WaitForEmptyOutboxAsync(cancellation);

        FactsRead Decode(IEnumerable<LogRecord> records, List<(LogRecord Record, object Message)> facts) => LogFacts.Decode(records, upcast, keys, facts);
        var end = log.CurrentEnd(fold.Topics);
        var late = new List<(LogRecord Record, object Message)>();
        var caughtUp = Decode(log.Read(end, cut, cancellation), late);
        var moved = late.Select(fact => fact.Record.Key).OfType<string>()
            .Concat(late.Select(fact => fact.Message).OfType<IOrderMessage>().Select(fact => fact.OrderId.ToString()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Copied by SQL, not written document by document: at 100,000 differing payments the lock was held 9.5 s otherwise.
        var fromCopy = differing.Where(id => !moved.Contains(id.ToString())).ToList();
        var copied = fromCopy.Count > 0 ? await RebuildSteps.ReplaceWithCopyAsync(connection, transaction, Table, Schema, CopySchema, fromCopy, cancellation) : 0;

        // A session enlisted in this transaction: a separate connection would wait on our own lock.
        await using var session = live.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var refolded = 0;
        if (moved.Count > 0)
        {
            async Task RepairAsync(List<(LogRecord Record, object Message)> facts)
            {
                var final = ById(fold.FoldInDecisionOrder(facts));
                var changed = RebuildComparison<TDocument>.DifferingIds(ById(await LoadAsync(session, final.Keys, cancellation)), final, Json);
                if (changed.Count == 0) return;
                // Delete then insert: the documents keep optimistic concurrency, and a handler that loaded the old version
                // before the lock then fails its version check and retries on the repaired one.
                await using var delete = new NpgsqlCommand($"delete from {Schema}.{Table} where id = any(@ids)", connection, transaction);
                delete.Parameters.AddWithValue("ids", changed.ToArray());
                await delete.ExecuteNonQueryAsync(cancellation);
                foreach (var id in changed) session.Insert(final[id]);
                await session.SaveChangesAsync(cancellation);
                refolded += changed.Count;
            }
            bool Moved(string? key) => key is not null && moved.Contains(key);
            await transaction.SaveAsync("slices", cancellation);
            await slices.ReadAsync(end, Decode, RepairAsync, async () =>
            {
                await transaction.RollbackAsync("slices", cancellation); // what was written from half an order's facts
                refolded = 0;
            }, cancellation, Moved);
        }
        var masked = await erasedMeanwhile.MaskAgainAsync(session, cancellation);
        await session.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return (caughtUp, copied + refolded, masked, locked.Elapsed);
    }

    /// <summary>With the table locked no handler can commit, so the outbox only drains: then every committed decision is in the log.</summary>
    private async Task WaitForEmptyOutboxAsync(CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellation);
            await using var count = new NpgsqlCommand($"select count(*) from {Schema}.wolverine_outgoing_envelopes", connection);
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellation)) == 0) return;
            if (deadline.Elapsed > OutboxDrainTimeout)
                throw new TimeoutException($"The outbox of {Schema} did not drain in {OutboxDrainTimeout.TotalSeconds:N0} s (is Kafka reachable?): nothing was swapped.");
            await Task.Delay(200, cancellation);
        }
    }

    private static async Task<IReadOnlyList<TDocument>> LoadAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken cancellation) =>
        await session.LoadManyAsync<TDocument>(cancellation, ids);

    private Dictionary<Guid, TDocument> ById(IEnumerable<TDocument> documents) => documents.ToDictionary(fold.IdOf);

    private static string Json(TDocument document) => JsonSerializer.Serialize(document, ContractJson.Options);
}
