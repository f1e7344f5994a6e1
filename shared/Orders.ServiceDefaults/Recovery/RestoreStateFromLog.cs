using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Rebuilding;

namespace Orders.ServiceDefaults.Recovery;

public static class RestoreFromLog
{
    /// <summary>
    /// Records a restore may leave out although it cannot read them, once an operator has looked at them (foreign
    /// garbage on the topic, say): their event ids or their <c>topic/partition@offset</c>, comma-separated.
    /// </summary>
    public const string SkipUnreadableSetting = "Recovery:SkipUnreadable";
}

/// <summary>
/// The database is a cache of the log. When a service starts on an empty database (a new environment, or a restore
/// from a topic backup), it first folds its own facts from Kafka into its decision state, before any listener runs;
/// so replaying the commands it already answered decides nothing again (no second capture, no second shipment).
/// Registered before Wolverine, so it finishes before the listeners start. A record of those topics it cannot read
/// stops it (<see cref="UnreadableFactsException"/>) unless listed in <see cref="RestoreFromLog.SkipUnreadableSetting"/>.
/// <para>
/// Its memory does not grow with the log: it folds a slice of whole orders at a time (<see cref="LogSlices"/>) and
/// writes each slice's documents before reading the next, or, when the log cannot be cut so, deletes them and folds it
/// in one piece. A <see cref="RestoreInProgress"/> marker spans the writes, so a restore stopped half-way is done again
/// at the next start.
/// </para>
/// </summary>
public abstract class RestoreStateFromLog<TDocument>(IDocumentStore store, StateFold<TDocument> state, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger logger)
    : IHostedService where TDocument : notnull
{
    /// <summary>The key store, for a service whose state holds opened personal data; null leaves personal data sealed.</summary>
    protected virtual Orders.Contracts.Privacy.ICustomerKeys? Keys => null;

    private static string Kind => typeof(TDocument).Name;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RestoreInProgress? interrupted;
        await using (var query = store.QuerySession())
        {
            interrupted = await query.LoadAsync<RestoreInProgress>(Kind, cancellationToken);
            if (interrupted is null && await query.Query<TDocument>().AnyAsync(cancellationToken)) return; // the state is there: the listeners carry on from it
        }

        var log = new KafkaLog(kafka.Value);
        var cut = log.CurrentEnd(state.Topics);
        if (interrupted is not null)
        {
            logger.LogWarning("A restore of {Type} documents begun at {StartedAt:u} did not finish: deleting what it wrote and restoring again", Kind, interrupted.StartedAt);
            await DeleteDocumentsAsync(cancellationToken);
        }
        else if (cut.End.Values.All(end => end == 0)) return; // a new environment: nothing to restore

        await SaveAsync(session => session.Store(new RestoreInProgress(Kind, DateTimeOffset.UtcNow)), cancellationToken);
        var documents = 0;
        async Task Apply(List<(LogRecord Record, object Message)> facts) => documents += await InsertAsync(state.FoldInDecisionOrder(facts), cancellationToken);
        var slices = new LogSlices(log, LogSlices.RecordsPerFold(configuration), logger, $"Restoring {Kind} documents");
        var found = await slices.ReadAsync(cut, Decoder(), Apply, async () =>
        {
            await DeleteDocumentsAsync(cancellationToken);
            documents = 0;
        }, cancellationToken);
        // A state restored without one of the service's own facts (a capture, a shipment) would decide it again when the
        // commands are replayed: a second effect. So no state at all, and a service that does not start until the cause
        // (a missing upcaster, an unreachable key store) is fixed.
        if (found.Undecodable > 0) await DeleteDocumentsAsync(cancellationToken);
        await SaveAsync(session => session.Delete<RestoreInProgress>(Kind), cancellationToken);
        if (found.Undecodable > 0) throw new UnreadableFactsException(RefusalMessage(found));

        if (found.KnownUnreadable > 0)
            logger.LogWarning("Empty database: {Skipped} unreadable record(s) of {Topics} left out, as {Setting} says", found.KnownUnreadable, string.Join(", ", state.Topics), RestoreFromLog.SkipUnreadableSetting);
        if (found.Read > 0)
            logger.LogInformation("Empty database: restored {Documents} {Type} document(s) from {Read} record(s) of {Topics}",
                documents, Kind, found.Read, string.Join(", ", state.Topics));
    }

    /// <summary>Decodes as the live listeners do, leaving out the unreadable records an operator listed; settings read once per restore, not per slice.</summary>
    private LogSlices.Decoder Decoder()
    {
        var upcast = OrdersMessagingExtensions.UpcastSettingsFrom(configuration);
        var skip = (configuration[RestoreFromLog.SkipUnreadableSetting] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (records, facts) => LogFacts.Decode(records, upcast, Keys, facts,
            record => skip.Contains(record.EventId?.ToString() ?? "") || skip.Contains($"{record.Topic}/{record.Partition}@{record.Offset}"));
    }

    private async Task<int> InsertAsync(IReadOnlyCollection<TDocument> documents, CancellationToken cancellation)
    {
        if (documents.Count > 0) await store.BulkInsertAsync(documents.ToList(), batchSize: RebuildSteps.BulkInsertBatchSize, cancellation: cancellation);
        return documents.Count;
    }

    private Task DeleteDocumentsAsync(CancellationToken cancellation) => store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(TDocument), cancellation);

    private async Task SaveAsync(Action<IDocumentSession> change, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        change(session);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Why the restore refused, naming the first record it could not read so an operator can find it.</summary>
    public static string RefusalMessage(FactsRead found) =>
        $"Empty database: not restoring {typeof(TDocument).Name} documents, because {found.Undecodable} of the {found.Read} record(s) " +
        $"could not be read, the first at {found.FirstUndecodableDescription}. A state without them could decide again what " +
        "they decided (a second capture or shipment). Make them readable (an upcaster, the key store) and start again, or, " +
        $"for records that are no fact of this service (foreign garbage), list their event ids or coordinates in {RestoreFromLog.SkipUnreadableSetting}.";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The log holds facts of a service's own topics that this build cannot read, so its state cannot be restored from it.</summary>
public sealed class UnreadableFactsException(string message) : Exception(message);
