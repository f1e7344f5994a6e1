using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Rebuilding;

namespace Orders.ServiceDefaults.Recovery;

/// <summary>
/// The database is a cache of the log. When a service starts on an empty database (a new environment, or a restore
/// from a topic backup), it first folds its own facts from Kafka into its decision state, before any listener runs;
/// so replaying the commands it already answered decides nothing again (no second capture, no second shipment).
/// Registered before Wolverine, so it finishes before the listeners start.
/// </summary>
public abstract class RestoreStateFromLog<TDocument>(IDocumentStore store, StateFold<TDocument> state, IOptions<KafkaSettings> kafka, IConfiguration configuration, ILogger logger)
    : IHostedService where TDocument : notnull
{
    /// <summary>The key store, for a service whose state holds opened personal data; null leaves personal data sealed.</summary>
    protected virtual Orders.Contracts.Privacy.ICustomerKeys? Keys => null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var query = store.QuerySession())
            if (await query.Query<TDocument>().AnyAsync(cancellationToken)) return; // the state is there: the listeners carry on from it

        var log = new KafkaLog(kafka.Value);
        var upcast = OrdersMessagingExtensions.UpcastSettingsFrom(configuration);
        long read = 0;
        var facts = log.Read(log.CurrentEnd(state.Topics), cancellation: cancellationToken)
            .Select(record => { read++; return (record, ContractDecoder.Decode(record, upcast, Keys).Message); })
            .Where(f => f.Message is not null)
            .Select(f => (f.record, f.Message!));
        var documents = state.FoldInDecisionOrder(facts);
        if (documents.Count > 0) await store.BulkInsertAsync(documents.ToList(), cancellation: cancellationToken);
        if (read > 0)
            logger.LogInformation("Empty database: restored {Documents} {Type} document(s) from {Read} record(s) of {Topics}",
                documents.Count, typeof(TDocument).Name, read, string.Join(", ", state.Topics));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
