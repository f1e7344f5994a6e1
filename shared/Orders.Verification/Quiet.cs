using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;

namespace Orders.Verification;

/// <summary>
/// The suite is quiet when every order has reached a terminal state, no service holds a message it has yet to send (its
/// outbox) or to handle (its inbox), and no topic has grown for a few seconds: the refunds and late answers that follow
/// a terminal state (a payment deadline cancels an order whose capture is still on its way) have been written and read.
/// The invariants are checked only then; checking at the first terminal state reports a refund as missing while it is
/// still in flight. A quiet log alone is not enough either: a producer retrying a request a dead broker never answered
/// (10 s here) leaves a committed refund in the outbox while the log stands still; and a service restarting leaves the
/// commands sent to it unread in the log, in no table (make chaos judged a refund missing that Payment handled a few
/// seconds later), so every consumer group must also have committed the end of its topic, or have stopped moving for
/// <see cref="UnreadSettledFor"/>: make chaos has seen a group's committed offset stay behind its topic's end for good
/// after faults, with every order done and every invariant holding (which group is printed while waiting).
/// </summary>
public static class Quiet
{
    /// <summary>How long the log must stay the same size: longer than a retry backoff or a scheduled dispatch.</summary>
    public static readonly TimeSpan StableFor = TimeSpan.FromSeconds(5);

    /// <summary>How long records left unread must stay exactly the same to count as settled: longer than a consumer group's rebalance after a crash.</summary>
    public static readonly TimeSpan UnreadSettledFor = TimeSpan.FromSeconds(60);

    /// <summary>The time it took to get quiet, or null when the suite was still busy at <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> WaitAsync(Func<string, CancellationToken, Task<HttpResponseMessage>> get, string bootstrapServers,
        IReadOnlyDictionary<string, string> databases, IReadOnlyCollection<Guid> orders, TimeSpan timeout, Action<string>? progress = null,
        CancellationToken cancellation = default, string groupPrefix = "orders")
    {
        using var groups = new GroupOffsets(bootstrapServers, TimeSpan.FromSeconds(5));
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = bootstrapServers });
        var clock = Stopwatch.StartNew();
        var open = orders.ToHashSet();
        long lastEnd = -1, lastUnread = -1;
        var stableSince = clock.Elapsed;
        var unreadSince = clock.Elapsed;
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            foreach (var batch in open.ToList().Chunk(16))
            {
                var states = await Task.WhenAll(batch.Select(async id => (id, status: await StatusAsync(get, id, cancellation))));
                foreach (var (id, _) in states.Where(s => s.status is "Shipped" or "Cancelled")) open.Remove(id);
            }
            var ends = log.CurrentEnd(TopicCatalog.All.Select(t => t.Name)).End; // the records in the whole catalog
            var end = ends.Values.Sum();
            var pending = await PendingEnvelopesAsync(databases, cancellation);
            var unreadByGroup = await Task.Run(() => Unread(groups, ends, groupPrefix), cancellation);
            var unread = unreadByGroup?.Values.Sum() ?? -1;
            if (unread != lastUnread) (lastUnread, unreadSince) = (unread, clock.Elapsed);
            var unreadSettled = unread == 0 || (unread > 0 && clock.Elapsed - unreadSince >= UnreadSettledFor);
            if (end != lastEnd || pending != 0 || !unreadSettled) (lastEnd, stableSince) = (end, clock.Elapsed);
            if (open.Count == 0 && clock.Elapsed - stableSince >= StableFor) return clock.Elapsed;
            if (progress is not null && clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                progress($"waiting for quiet: {open.Count} order(s) not terminal yet, {end} record(s) in the log, " +
                         $"{(pending < 0 ? "a database unreachable" : $"{pending} message(s) in outboxes and inboxes")}, " +
                         $"{(unreadByGroup is null ? "consumer groups not answering" : $"{unread} record(s) not yet read by their consumers")}" +
                         $"{(unread > 0 ? $" ({string.Join(", ", unreadByGroup!.Where(g => g.Value > 0).Select(g => $"{g.Key} {g.Value}"))})" : "")} ({clock.Elapsed.TotalSeconds:0} s)");
            }
            await Task.Delay(1000, cancellation);
        }
        return null;
    }

    private static async Task<string?> StatusAsync(Func<string, CancellationToken, Task<HttpResponseMessage>> get, Guid id, CancellationToken cancellation)
    {
        using var response = await get($"/orders/{id}", cancellation);
        if (!response.IsSuccessStatusCode) return null;
        using var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        return order.RootElement.GetProperty("status").GetString();
    }

    /// <summary>
    /// Messages the services have committed but not sent, or received but not handled, over every service; -1 when a
    /// database cannot be asked (a fault may be keeping it away: not quiet). Scheduled messages (a payment deadline
    /// waiting for its time) are not counted: they are not in flight.
    /// </summary>
    private static async Task<long> PendingEnvelopesAsync(IReadOnlyDictionary<string, string> databases, CancellationToken cancellation)
    {
        long pending = 0;
        foreach (var (schema, connectionString) in databases)
        {
            try
            {
                pending += await ServiceDatabase.CountAsync(connectionString,
                    $"select (select count(*) from \"{schema}\".wolverine_outgoing_envelopes) + (select count(*) from \"{schema}\".wolverine_incoming_envelopes where status = 'Incoming')",
                    cancellation);
            }
            catch (NpgsqlException)
            {
                return -1;
            }
        }
        return pending;
    }

    /// <summary>
    /// The messages that kept the suite from being quiet, one line each (service schema, table, owner node, destination,
    /// type, attempts): printed when quiet never came, so a stuck row can be told from a slow one after the fact.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DescribePendingAsync(IReadOnlyDictionary<string, string> databases, CancellationToken cancellation = default)
    {
        var lines = new List<string>();
        foreach (var (schema, connectionString) in databases)
        {
            try
            {
                var rows = await ServiceDatabase.RowsAsync(connectionString,
                    $"select 'outgoing' as kind, id, owner_id, destination, message_type, attempts, deliver_by from \"{schema}\".wolverine_outgoing_envelopes " +
                    $"union all select 'incoming', id, owner_id, received_at, message_type, attempts, execution_time from \"{schema}\".wolverine_incoming_envelopes where status = 'Incoming' " +
                    "order by 1, 2 limit 50", cancellation);
                lines.AddRange(rows.Select(row => $"{schema}: {row}"));
            }
            catch (NpgsqlException e)
            {
                lines.Add($"{schema}: database unreachable ({e.Message})");
            }
        }
        return lines;
    }

    /// <summary>
    /// Records not yet committed by the consumer group meant to read them (every service's subscriptions), over all of
    /// them, by group; null when the broker cannot be asked (a fault may be keeping it away: not quiet).
    /// </summary>
    private static IReadOnlyDictionary<string, long>? Unread(GroupOffsets groups, IReadOnlyDictionary<TopicPartition, long> ends, string groupPrefix)
    {
        try
        {
            var unread = new Dictionary<string, long>();
            foreach (var (service, topics) in Subscriptions.ByService)
            foreach (var topic in topics)
            {
                var partitions = ends.Keys.Where(p => p.Topic == topic).ToList();
                if (partitions.Count == 0) continue; // the topic is not there (yet): nothing to read
                var group = ConsumerGroups.ForTopic(groupPrefix, service, topic);
                var committed = groups.Committed(group, partitions);
                // Low watermark 0: a group that committed nothing has the whole partition to read.
                unread[group] = partitions.Sum(p => ConsumerLag.OfPartition(committed.GetValueOrDefault(p, Offset.Unset.Value), 0, ends[p]));
            }
            return unread;
        }
        catch (KafkaException)
        {
            return null;
        }
    }
}
