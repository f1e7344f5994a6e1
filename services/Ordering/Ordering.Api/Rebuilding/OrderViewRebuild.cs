using System.Diagnostics;
using System.Text.Json;
using Marten;

using Microsoft.Extensions.Options;
using Npgsql;
using Ordering.Api.Orders.Viewing;
using Ordering.Api.Privacy;
using Orders.Contracts;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Privacy;
using Orders.ServiceDefaults.Rebuilding;

namespace Ordering.Api.Rebuilding;

/// <summary>
/// Rebuilds the <see cref="OrderView"/> projection from offset 0 of <c>orders-events</c>: folds the log up to a cut into a
/// fresh copy (schema <c>ordering_rebuild</c>) while the live projection keeps serving, compares the two, and swaps the
/// copy in only when they match or when asked. The swap holds an exclusive lock on the live table and, inside the same
/// transaction, applies what arrived after the cut, so no event the live listener handled meanwhile is lost, and masks
/// again the customers erased while the rebuild ran (<see cref="ErasedDuringRebuild"/>). It holds a slice of whole orders
/// at a time, not the log (<see cref="LogSlices"/>); the copy is dropped when the rebuild ends (<see cref="RebuildCopy"/>).
/// </summary>
public sealed class OrderViewRebuild(IDocumentStore live, NpgsqlDataSource dataSource, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger<OrderViewRebuild> logger,
    global::Orders.Contracts.Privacy.ICustomerKeys keys, ICustomerKeyStore erasures) : IProjectionRebuild
{
    public const string Projection = "orders";
    public const string CopySchema = "ordering_rebuild";
    public string Name => Projection;
    private const string Table = "mt_doc_orderview";

    public async Task<RebuildReport> RunAsync(SwapMode mode, CancellationToken cancellation)
    {
        var erasedMeanwhile = new ErasedDuringRebuild(erasures, CustomerErasureHandler.MaskAsync); // before the first record is decoded
        var log = new KafkaLog(kafka.Value);
        var upcast = OrdersMessagingExtensions.UpcastSettingsFrom(configuration);
        var slices = new LogSlices(log, LogSlices.RecordsPerFold(configuration), logger, $"Rebuild {Projection}");
        var cut = log.CurrentEnd([Topics.OrdersEvents]);

        // A slice of whole orders at a time (the log is not held): fold it, write it into the copy, compare it with the
        // live views of the same orders.
        await using var copy = await RebuildSteps.OpenEmptyCopyAsync(dataSource, CopySchema, OrderingModule.ConfigureDocuments, logger, cancellation);
        var compared = new RebuildComparison<OrderView>(Json);
        long noOrderFacts = 0; // decoded records that are no order fact with an event id: no live listener applies them either
        var readAndFold = new Stopwatch(); // the rate reported: reading, decoding and folding, not writing or comparing
        async Task CompareAsync(List<(LogRecord Record, object Message)> decoded)
        {
            readAndFold.Start();
            var (facts, notFacts) = OrderFacts(decoded);
            noOrderFacts += notFacts;
            // In decision order, as the live view folds them (the log may hold a fact behind later ones).
            var views = new Dictionary<Guid, OrderView>();
            foreach (var fact in ReceivedFact.InDecisionOrder(facts, f => f.Fact)) Apply(views, fact);
            readAndFold.Stop();
            if (views.Count > 0) await copy.Store.BulkInsertAsync(views.Values.ToList(), batchSize: RebuildSteps.BulkInsertBatchSize, cancellation: cancellation);
            await using var query = live.QuerySession();
            compared.Add((await query.LoadManyAsync<OrderView>(cancellation, views.Keys)).ToDictionary(v => v.Id), views);
        }
        var found = await slices.ReadAsync(cut, RebuildSteps.TimedDecoder(readAndFold, Projection, logger, upcast, keys), CompareAsync, async () =>
        {
            await copy.Store.Advanced.Clean.DeleteAllDocumentsAsync(cancellation);
            compared = new RebuildComparison<OrderView>(Json);
            noOrderFacts = 0;
        }, cancellation);
        var read = found.Read;
        var undecodable = found.Undecodable + noOrderFacts;
        var seconds = readAndFold.Elapsed.TotalSeconds;
        var (liveCount, liveOnly) = await LiveOnlyAsync(cancellation); // views the log no longer decides: they differ too
        var differing = compared.Differing.Concat(liveOnly).Order().ToList();

        var swap = mode == SwapMode.Always || (mode == SwapMode.Auto && differing.Count == 0);
        var (caughtUp, lateFound, lateNoOrderFacts, masked, locked) = swap ? await SwapAsync(cut, log, upcast, erasedMeanwhile, cancellation) : (0, null, 0, 0, TimeSpan.Zero);
        // Undecodable records among the late ones are skipped like the others (the live listener dead-letters them too).
        undecodable += (lateFound?.Undecodable ?? 0) + lateNoOrderFacts;
        var summary = $"{read:N0} events in {seconds:N1} s ({read / Math.Max(seconds, 0.001):N0}/s); " +
                      (undecodable > 0 ? $"{undecodable} undecodable, skipped (first: {found.FirstUndecodableDescription ?? lateFound?.FirstUndecodableDescription ?? "a record that is no order fact"}); " : "") +
                      $"{compared.Rebuilt} rebuilt, {liveCount} live, {differing.Count} differ; " +
                      (swap ? $"swapped, then applied {caughtUp} event(s) that arrived during the rebuild and masked again {masked} customer(s) erased during it, the table locked {locked.TotalSeconds:N1} s" : "not swapped");
        logger.LogInformation("Rebuild {Projection}: {Summary}", Projection, summary);
        return new RebuildReport(Projection, read, undecodable, seconds, read / Math.Max(seconds, 0.001), liveCount, compared.Rebuilt, differing, swap, caughtUp, summary);
    }

    /// <summary>How many live views there are, and the ids of those the copy does not have.</summary>
    private async Task<(int Count, List<Guid> Ids)> LiveOnlyAsync(CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select (select count(*) from ordering.{Table})::int, array(select id from ordering.{Table} except select id from {CopySchema}.{Table})", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt32(0), reader.GetFieldValue<Guid[]>(1).ToList());
    }

    /// <summary>
    /// The order facts among <paramref name="records"/>, decoded as the live listener decodes them (<see cref="LogFacts"/>;
    /// personal data opens with today's keys, so an erased customer's fields come back erased, as the live view has
    /// them), in the order read. Only the facts are kept, not the records. <c>NoOrderFacts</c>: records read as a
    /// contract but no order fact with an event id, which no live listener applies either.
    /// </summary>
    private (List<(IOrderMessage Message, ReceivedFact Fact)> Facts, FactsRead Found, long NoOrderFacts) ReadOrderFacts(
        IEnumerable<LogRecord> records, UpcastSettings upcast)
    {
        var decoded = new List<(LogRecord Record, object Message)>();
        var found = LogFacts.Decode(records, upcast, keys, decoded);
        var (facts, noOrderFacts) = OrderFacts(decoded);
        return (facts, found, noOrderFacts);
    }

    /// <summary>The order facts with an event id among decoded records, and how many decoded records were not one.</summary>
    private static (List<(IOrderMessage Message, ReceivedFact Fact)> Facts, long NoOrderFacts) OrderFacts(List<(LogRecord Record, object Message)> decoded)
    {
        var facts = new List<(IOrderMessage Message, ReceivedFact Fact)>(decoded.Count);
        foreach (var (record, message) in decoded)
            if (message is IOrderMessage fact && record.EventId is { } eventId)
                facts.Add((fact, new ReceivedFact(eventId, record.SentAt, fact, record.Offset)));
        return (facts, decoded.Count - facts.Count);
    }

    /// <summary>Applies one fact to the views, as the live handler would.</summary>
    private static void Apply(Dictionary<Guid, OrderView> views, (IOrderMessage Message, ReceivedFact Fact) fact)
    {
        if (OrderView.Apply(views.GetValueOrDefault(fact.Message.OrderId), fact.Fact) is { } next) views[fact.Message.OrderId] = next;
    }

    /// <summary>
    /// Swaps the copy in, applies the facts that arrived meanwhile and masks again the customers erased meanwhile (the copy
    /// was decoded with their keys); answers how many facts and customers, and what it could not read.
    /// </summary>
    private async Task<(long CaughtUp, FactsRead? Found, long NoOrderFacts, int Masked, TimeSpan Locked)> SwapAsync(KafkaLog.Cut cut, KafkaLog log, UpcastSettings upcast,
        ErasedDuringRebuild erasedMeanwhile, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await RebuildSteps.ExecuteAsync(connection, $"lock table ordering.{Table} in exclusive mode", cancellation);
        var locked = Stopwatch.StartNew(); // the live projection's listener waits as long: the report says how long
        await RebuildSteps.ReplaceWithCopyAsync(connection, transaction, Table, "ordering", CopySchema, ids: null, cancellation);

        // Whatever reached the live table after the cut was just replaced: apply it again, in log order, under the lock,
        // through a session enlisted in this transaction (a separate connection would wait on our own lock).
        await using var session = live.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var views = new Dictionary<Guid, OrderView>();
        var (late, found, noOrderFacts) = ReadOrderFacts(log.Read(log.CurrentEnd([Topics.OrdersEvents]), from: cut, cancellation), upcast);
        foreach (var fact in late)
        {
            var orderId = fact.Message.OrderId;
            if (!views.ContainsKey(orderId) && await session.LoadAsync<OrderView>(orderId, cancellation) is { } stored) views[orderId] = stored;
            Apply(views, fact);
        }
        foreach (var view in views.Values) session.Store(view); // once per touched order, after all its late facts
        await session.SaveChangesAsync(cancellation);
        var masked = await erasedMeanwhile.MaskAgainAsync(session, cancellation); // after the late facts: a late fact decoded before the erasure too
        await session.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return (late.Count, found, noOrderFacts, masked, locked.Elapsed);
    }

    // LastSentAt and PlacedAt are bookkeeping (facts arriving out of order, the lifecycle metric), not content: a record
    // written without Wolverine's sent-at header is dated by its arrival live and by its Kafka timestamp here.
    private static string Json(OrderView view) => JsonSerializer.Serialize(view with { LastSentAt = null, PlacedAt = null }, ContractJson.Options);
}
