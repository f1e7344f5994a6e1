using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Reads one topic a polled batch at a time and hands each batch to an <see cref="IBatchHandler"/> that applies it in one
/// database transaction, instead of Wolverine's inbox entry and transaction per record (make bench: Ordering's
/// projection fell tens of thousands of records behind under load, and the saga's transactions per record were most
/// of Ordering's database work, as Payment's and Shipping's were of theirs; docs/performance.md, steps 4, 6 and 8).
/// <para>
/// The idempotency contract (docs/architecture.md §5) without the durable inbox, as the performance issue allows "only where its
/// own transaction dedups": the offsets are stored only after the batch's transaction committed, so a crash replays
/// the batch, and the handler makes a replay change nothing in that same transaction (the OrderView projection by the
/// event ids it remembers; the saga, Payment and Shipping by the state of the order, payment or shipment). Each
/// partition is read in order (a partition holds whole orders).
/// </para>
/// <para>
/// Failures: a record that cannot be read (garbage, an unknown or future type, a failed upcast) goes to the service's
/// dead letters (<c>wolverine_dead_letters</c>, with its topic, partition and offset) and the rest of the batch goes on.
/// The database away for a moment is waited out in place, as long as it takes (the readiness probe's lag check shows
/// it), so no fact is skipped. Any other failure is narrowed down by applying the batch's records one by one; the one
/// that fails alone becomes a dead letter. Once the cause is fixed, the operator replays it through the admin API as
/// any other (<c>POST /admin/dead-letters/replay</c>): the listener looks for replayed dead letters of its topic every few
/// seconds (<see cref="ReplayedDeadLetters"/>) and applies them as it applies the log, idempotently.
/// </para>
/// </summary>
public sealed class BatchedListener<THandler>(
    THandler handler,
    BatchDeadLetters deadLetters,
    ReplayedDeadLetters replays,
    IOptions<KafkaSettings> kafka,
    ServiceIdentity service,
    IConfiguration configuration,
    ILogger<BatchedListener<THandler>> logger,
    ICustomerKeys? keys = null)
    : BackgroundService, IBatchedListenerStatus where THandler : IBatchHandler
{
    /// <summary>
    /// Most records applied in one transaction (default 5,000). A cap that binds only on a listener that is behind: one
    /// that keeps up takes what one poll brings, a few records at moderate rates. At the ceiling the OrderView projection
    /// (six records per order, the orders' views and history) fell further behind every second with 500 and kept up with
    /// 5,000, whose transactions carry the per-batch costs (the views' load, the history's insert, the commit) over ten
    /// times the records (docs/performance.md, step 29).
    /// </summary>
    public const string BatchSizeSetting = "Messaging:ReceiveBatchSize";

    public const int DefaultBatchSize = 5_000;

    private static readonly TimeSpan ReplayCheckInterval = TimeSpan.FromSeconds(5);
    private readonly int _batchSize = Math.Max(1, configuration.GetValue(BatchSizeSetting, DefaultBatchSize));
    private readonly UpcastSettings _upcast = OrdersMessagingExtensions.UpcastSettingsFrom(configuration);
    private const string ConsumeErrorStatus = "consume error: ";
    private volatile string _status = "starting";
    private volatile bool _caughtUp;
    private IReadOnlyDictionary<TopicPartition, long>? _startEnd;

    public string Topic => handler.Topic;
    public bool IsConsuming => _status is "consuming" or "retrying";
    public string Status => _status;
    public bool HasCaughtUp => _caughtUp;

    // The loop owns a thread for the listener's life and waits for each batch's database work on it. librdkafka's
    // Consume blocks its caller (up to half a second a call), and a pool thread blocked in it is one the pool has to
    // replace: make bench at 20 orders/s, the machine mostly idle, saw Ordering's pool (two threads minimum on two cores,
    // three listeners) queue work for 0.3-1 s at a time, every order in flight then late by as much (docs/performance.md,
    // step 12). Blocking a thread of its own costs nothing the pool needs.
    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.Factory.StartNew(() => Run(stopping), stopping, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Consumes until the host stops; a consumer that fails for any other reason is built again after a pause.</summary>
    private void Run(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Consume(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping mid-batch: its offsets were not stored, so it is read again after the restart.
            }
            catch (Exception e)
            {
                // Not ready meanwhile (the listeners check), so an orchestrator sees it; the records wait in the log.
                _status = $"restarting after {e.GetType().Name}: {e.Message}";
                logger.LogError(e, "Batched listener on {Topic} failed; starting it again in 5 s", handler.Topic);
                stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)); // returns early when the host stops
            }
        }
        _status = "stopped";
    }

    private void Consume(CancellationToken stopping)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]?>(ConsumerConfig()).Build();
        try
        {
            consumer.Subscribe(handler.Topic);
            _status = "consuming";
            var nextReplayCheck = DateTime.UtcNow;
            while (!stopping.IsCancellationRequested)
            {
                var batch = Poll(consumer, stopping);
                if (batch.Count > 0)
                {
                    var polledAt = DateTime.UtcNow;
                    var applying = Stopwatch.StartNew();
                    WaitFor(HandleAsync(batch.Select(LogRecord.From).ToList(), stopping));
                    RecordHop(batch, polledAt, applying.Elapsed);
                    StoreOffsets(consumer, batch);
                }
                if (!_caughtUp && batch.Count < _batchSize) _caughtUp = GroupCommittedStartEnd(consumer); // drained what was fetched
                if (DateTime.UtcNow < nextReplayCheck) continue;
                WaitFor(HandleReplayedAsync(stopping));
                nextReplayCheck = DateTime.UtcNow + ReplayCheckInterval;
            }
        }
        finally
        {
            consumer.Close(); // commits the stored offsets and leaves the group at once, so a successor is not kept waiting
        }
    }

    /// <summary>The batch's share of a hop: how long its oldest record was on its way, and how long applying it took.</summary>
    private void RecordHop(List<ConsumeResult<string?, byte[]?>> batch, DateTime polledAt, TimeSpan applying)
    {
        var topic = new KeyValuePair<string, object?>("topic", handler.Topic);
        var sent = batch.Where(r => r.Message.Timestamp.Type != TimestampType.NotAvailable).Select(r => r.Message.Timestamp.UtcDateTime).DefaultIfEmpty().Min();
        if (sent != default) OrdersMetrics.ListenerRecordAge.Record(Math.Max(0, (polledAt - sent).TotalSeconds), topic);
        OrdersMetrics.ListenerBatchDuration.Record(applying.TotalSeconds, topic);
    }

    /// <summary>Blocks the listener's own thread, never a pool thread, until <paramref name="work"/> is done; rethrows its exception as is.</summary>
    private static void WaitFor(Task work) => work.GetAwaiter().GetResult();

    /// <summary>What the consumer has ready: waits up to half a second for the first record, then takes what is already fetched.</summary>
    private List<ConsumeResult<string?, byte[]?>> Poll(IConsumer<string?, byte[]?> consumer, CancellationToken stopping)
    {
        var batch = new List<ConsumeResult<string?, byte[]?>>();
        try
        {
            var first = consumer.Consume(TimeSpan.FromMilliseconds(500));
            // Past an error once a poll brings a record, or nothing while partitions are assigned: a missing topic or a
            // refused group leaves none assigned, so the error stays until that is fixed.
            if (_status.StartsWith(ConsumeErrorStatus, StringComparison.Ordinal) && (first is not null || consumer.Assignment.Count > 0)) _status = "consuming";
            if (first is null) return batch;
            batch.Add(first);
            while (batch.Count < _batchSize && !stopping.IsCancellationRequested && consumer.Consume(TimeSpan.Zero) is { } next) batch.Add(next);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // librdkafka retries the broker's errors (a partition moving, a leader election; nothing is lost), but some
            // last (a missing topic, a refused authorization): not ready meanwhile, so the readiness check shows it.
            _status = $"{ConsumeErrorStatus}{e.Error.Reason}";
            logger.LogWarning("Batched listener on {Topic}: {Reason}", handler.Topic, e.Error.Reason);
        }
        // A fatal error (e.Error.IsFatal) ends this consumer: Run reports it and builds a new one.
        return batch;
    }

    /// <summary>
    /// The group (this instance and any replica) has committed, on every partition of the topic, at least the end the
    /// log had when this listener first asked: what was there at start-up has been applied, whoever holds which
    /// partition. Asked only until it is true once (broker round trips); false while the broker cannot say.
    /// </summary>
    private bool GroupCommittedStartEnd(IConsumer<string?, byte[]?> consumer)
    {
        try
        {
            _startEnd ??= new KafkaLog(kafka.Value).CurrentEnd([handler.Topic]).End;
            var committed = consumer.Committed(_startEnd.Keys, TimeSpan.FromSeconds(5));
            // Low watermark 0: a partition the group never committed counts as unread from its start.
            if (committed.Any(c => ConsumerLag.OfPartition(c.Offset.Value, 0, _startEnd[c.TopicPartition]) > 0)) return false;
            logger.LogInformation("Batched listener on {Topic}: its group has applied what the log held at start-up", handler.Topic);
            return true;
        }
        catch (KafkaException e)
        {
            logger.LogDebug("Batched listener on {Topic}: could not tell whether the log is read to its start-up end yet ({Reason})", handler.Topic, e.Error.Reason);
            return false; // asked again after the next poll
        }
    }

    private async Task HandleAsync(IReadOnlyList<LogRecord> records, CancellationToken stopping)
    {
        var readable = new List<LogRecord>(records.Count);
        foreach (var record in records)
        {
            if (Unreadable(record) is { } problem) await deadLetters.StoreAsync(record, problem, service.Name, stopping);
            else readable.Add(record);
        }
        var applied = readable.Count > 0 ? await ApplyAsync(readable, stopping) : 0;
        OrdersMetrics.ProjectedRecords.Add(applied, new KeyValuePair<string, object?>("topic", handler.Topic));
    }

    /// <summary>Dead letters of this topic an operator replayed: applied like any record (or parked again, if they still fail).</summary>
    private async Task HandleReplayedAsync(CancellationToken stopping)
    {
        IReadOnlyList<Wolverine.Envelope> replayed;
        try
        {
            replayed = await replays.ClaimAsync(handler.Topic, _batchSize);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            return; // the database is away: the next check finds them, and applying the log waits it out meanwhile
        }
        if (replayed.Count == 0) return;
        logger.LogInformation("Batched listener on {Topic}: applying {Count} replayed dead letter(s)", handler.Topic, replayed.Count);
        await HandleAsync(replayed.Select(e => DeadLetterRecord.RecordOf(e, handler.Topic)).ToList(), stopping);
        // Waited out like applying the log: the records are applied, and given up on they would stay claimed by this node
        // (no other check takes them) until it restarts.
        var retries = new ApplyRetries();
        await retries.RunAsync(() => replays.DoneAsync(replayed),
            e => logger.LogWarning("Batched listener on {Topic}: {Count} replayed dead letter(s) applied but not marked handled ({Reason}); retry {Attempt}",
                handler.Topic, replayed.Count, e.Message, retries.Attempts),
            stopping);
    }

    /// <summary>
    /// Applies records in one transaction; on a failure that is not the database being away, one by one. Returns how many
    /// were applied: the others went to the dead letters.
    /// </summary>
    private async Task<int> ApplyAsync(IReadOnlyList<LogRecord> records, CancellationToken stopping)
    {
        var retries = new ApplyRetries();
        try
        {
            // Read again on every attempt: personal data opens with the keys as they are now (an erasure may have
            // happened meanwhile, and the conflicting write that made this attempt fail may have been that erasure).
            await retries.RunAsync(() => handler.HandleBatchAsync(records.Select(Read).ToList(), stopping),
                e =>
                {
                    _status = "retrying";
                    logger.LogWarning("Batched listener on {Topic}: {Count} record(s) not applied ({Reason}); retry {Attempt}", handler.Topic, records.Count, e.Message, retries.Attempts);
                },
                stopping);
            if (retries.Attempts > 0) logger.LogInformation("Batched listener on {Topic}: applied {Count} record(s) after {Attempts} retries", handler.Topic, records.Count, retries.Attempts);
            _status = "consuming";
            return records.Count;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested && records.Count > 1)
        {
            logger.LogWarning(e, "Batched listener on {Topic}: a batch of {Count} failed; applying its records one by one to find the one at fault", handler.Topic, records.Count);
            var applied = 0;
            foreach (var record in records) applied += await ApplyAsync([record], stopping);
            return applied;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            await deadLetters.StoreAsync(records[0], e, service.Name, stopping);
            return 0;
        }
    }

    /// <summary>Why a record cannot be projected, or null when it can.</summary>
    private Exception? Unreadable(LogRecord record)
    {
        if (record.EventId is null) return new UnreadableRecordException("the record has no event id (header 'id'): it could not be told apart from a redelivery");
        ContractDecoder.Decoded decoded;
        try
        {
            decoded = ContractDecoder.Decode(record, _upcast, keys);
        }
        catch (Exception e) // a contract type whose constructor rejects the values, say: this record, not the listener, is at fault
        {
            return e;
        }
        if (decoded.Message is not null) return null;
        return decoded.UnknownType
            ? new Wolverine.Runtime.Interop.UnknownMessageTypeNameException(decoded.Problem)
            : new UnreadableRecordException(decoded.Problem ?? "unreadable");
    }

    private DecodedRecord Read(LogRecord record)
    {
        var decoded = ContractDecoder.Decode(record, _upcast, keys);
        if (decoded is not { Message: { } message, CurrentType: { } type, Body: { } body } || record.EventId is not { } id)
            throw new UnreadableRecordException(decoded.Problem ?? "unreadable"); // it read a moment ago (Unreadable): not expected, but not assumed
        return new DecodedRecord(record, id, message, type, body);
    }

    /// <summary>After the commit: the next offset of each partition's last record, committed by the client every few seconds.</summary>
    private void StoreOffsets(IConsumer<string?, byte[]?> consumer, List<ConsumeResult<string?, byte[]?>> batch)
    {
        var assigned = consumer.Assignment.ToHashSet();
        foreach (var last in batch.GroupBy(r => r.TopicPartition).Select(g => g.MaxBy(r => r.Offset.Value)!))
        {
            // A partition handed to another instance during the poll: that one reads it again from the committed offset.
            if (assigned.Contains(last.TopicPartition)) consumer.StoreOffset(last);
        }
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = new ConsumerConfig();
        // The same settings and the same group as the Wolverine listener this one replaced.
        OrdersMessagingExtensions.ConsumerDefaults(kafka.Value, config);
        config.GroupId = ConsumerGroups.ForTopic(kafka.Value.GroupPrefix, service.Name, handler.Topic);
        if (kafka.Value.FetchWaitMaxMsFor(handler.Topic) is { } wait) config.FetchWaitMaxMs = wait;
        config.EnableAutoCommit = true;
        config.EnableAutoOffsetStore = false; // only what a committed transaction applied
        return config;
    }
}

/// <summary>A record a batch handler cannot read or does not know; the reason is the message.</summary>
public sealed class UnreadableRecordException(string reason) : Exception(reason);
