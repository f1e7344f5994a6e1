using Marten;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Privacy;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Telemetry;

namespace Ordering.Api.Orders.Viewing;

/// <summary>
/// Keeps <see cref="OrderView"/> and the orders-events part of the history up to date, a polled batch of orders-events at
/// a time, in one transaction (<see cref="BatchedListener{THandler}"/>). Facts usually come in log order and
/// are applied one by one; one that comes first or late (a fact sent before one already applied) makes the view fold
/// again from every fact the history has recorded, in send order. The view remembers the event ids it applied, so a
/// record read again (a crash before the offsets were committed, a rewound group, a producer's retry) changes nothing.
/// </summary>
public sealed class OrderViewProjection(IDocumentStore store, ICustomerKeys keys) : IBatchHandler
{
    public string Topic => Topics.OrdersEvents;

    public async Task HandleBatchAsync(IReadOnlyList<DecodedRecord> batch, CancellationToken cancellation)
    {
        var facts = batch.Select(r => (Record: r, Event: r.AboutOrder())).ToList();
        await using var session = store.LightweightSession();
        var orderIds = facts.Select(f => f.Event.OrderId).Distinct().ToArray();
        var views = (await session.LoadManyAsync<OrderView>(cancellation, orderIds)).ToDictionary(v => v.Id);
        var statusBefore = views.ToDictionary(v => v.Key, v => v.Value.Order.Status);
        // An order without a view folds from its history (usually empty: its creation is in this batch): one query for all.
        var withoutView = orderIds.Where(id => !views.ContainsKey(id)).ToHashSet();
        var committed = await HistoryOfAsync(session, withoutView, cancellation);
        var recordedNow = new Dictionary<Guid, List<OrderHistoryEntry>>(); // this batch's entries, not yet visible to queries
        var changed = new HashSet<Guid>();

        foreach (var (record, e) in facts)
        {
            var current = views.GetValueOrDefault(e.OrderId);
            if (current is not null && current.AppliedEventIds.Contains(record.EventId))
            {
                OrdersMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("projection", nameof(OrderView)));
                continue;
            }
            var entry = OrderHistoryEntry.From(record, e);
            (recordedNow.TryGetValue(e.OrderId, out var list) ? list : recordedNow[e.OrderId] = []).Add(entry);

            var fact = new ReceivedFact(record.EventId, record.Record.SentAt, e, record.Record.Offset);
            var next = OrderView.ArrivesInOrder(current, fact)
                ? OrderView.Apply(current, fact)
                : OrderView.Receive(AsReceived(await RecordedAsync(session, e.OrderId, withoutView.Contains(e.OrderId) ? committed[e.OrderId] : null, recordedNow[e.OrderId], cancellation)), fact);
            if (next is null) continue; // nothing to show until the order's creation arrives; its facts wait in the history
            views[e.OrderId] = next;
            changed.Add(e.OrderId);
        }

        foreach (var id in changed) session.Store(views[id]); // once per order; optimistic concurrency makes a racing writer retry the batch
        OrderHistoryWrites.Append(session, recordedNow.Values.SelectMany(entries => entries)); // one statement; an entry already there is kept
        await session.SaveChangesAsync(cancellation);

        foreach (var id in changed) RecordLifecycleEnd(statusBefore.GetValueOrDefault(id), views[id]);
    }

    /// <summary>
    /// The order's history entries: those committed before (loaded with the batch when it had no view; queried now for a
    /// fact arriving late to an existing view, which is rare), and this batch's.
    /// </summary>
    private static async Task<IEnumerable<OrderHistoryEntry>> RecordedAsync(IQuerySession session, Guid orderId, IEnumerable<OrderHistoryEntry>? loadedWithBatch,
        IEnumerable<OrderHistoryEntry> recordedNow, CancellationToken cancellation)
    {
        var committed = loadedWithBatch ?? (await HistoryOfAsync(session, [orderId], cancellation))[orderId];
        return committed.Concat(recordedNow).DistinctBy(h => h.Id);
    }

    /// <summary>The committed history entries of these orders, by order (none when the set is empty: no query).</summary>
    private static async Task<ILookup<Guid, OrderHistoryEntry>> HistoryOfAsync(IQuerySession session, IReadOnlyCollection<Guid> orderIds, CancellationToken cancellation)
    {
        if (orderIds.Count == 0) return Array.Empty<OrderHistoryEntry>().ToLookup(h => h.OrderId);
        return (await OrderHistoryReads.OfOrdersAsync(session, [.. orderIds], cancellation)).ToLookup(h => h.OrderId);
    }

    /// <summary>The order's facts already recorded from orders-events, as the view would have received them.</summary>
    private IEnumerable<ReceivedFact> AsReceived(IEnumerable<OrderHistoryEntry> entries) =>
        entries.Where(h => h.IsOrderFact).Select(h => new ReceivedFact(h.Id, h.Timestamp, h.ToEvent(keys), h.Offset));

    /// <summary>
    /// An order's time from placement to its end, as the log dates both, recorded once the view that first reached the end
    /// is committed (a batch read again may count it twice: metrics tolerate it, the read model does not). Orders cancelled
    /// before placement have no lifecycle to measure; nor do views stored before they kept <see cref="OrderView.PlacedAt"/>.
    /// </summary>
    private static void RecordLifecycleEnd(OrderStatus statusBefore, OrderView view)
    {
        if (view.Order.Status is not (OrderStatus.Shipped or OrderStatus.Cancelled) || statusBefore == view.Order.Status) return;
        if (view.PlacedAt is not { } placedAt || view.LastSentAt is not { } endedAt) return;
        OrdersMetrics.OrderLifecycle.Record(Math.Max(0, (endedAt - placedAt).TotalSeconds),
            new KeyValuePair<string, object?>("outcome", view.Order.Status.ToString().ToLowerInvariant()));
    }
}
