using Marten;

namespace Ordering.Api.Orders.History;

/// <summary>
/// Writes a batch's history entries as what they are, facts recorded once: one multi-row insert in the batch's unit of
/// work that skips an entry already there (its id is the event id, so a record read again adds nothing).
/// </summary>
public static class OrderHistoryWrites
{
    public static void Append(IDocumentSession session, IEnumerable<OrderHistoryEntry> entries)
    {
        var facts = entries.DistinctBy(entry => entry.Id).ToList(); // a log may hold a record twice (a producer's retry)
        if (facts.Count == 0) return;
        session.QueueSqlCommand(
            $"insert into {OrderHistoryTable.QualifiedName(session.DocumentStore.Options)} " +
            "(id, order_id, wire_type, current_type, topic, log_partition, log_offset, sent_at, correlation_id, causation_id, payload) " +
            "select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::integer[], ?::bigint[], ?::timestamptz[], ?::text[], ?::uuid[], ?::text[]) " +
            "on conflict (id) do nothing",
            facts.Select(f => f.Id).ToArray(), facts.Select(f => f.OrderId).ToArray(), facts.Select(f => f.WireType).ToArray(),
            facts.Select(f => f.CurrentType).ToArray(), facts.Select(f => f.Topic).ToArray(), facts.Select(f => f.Partition).ToArray(),
            facts.Select(f => f.Offset).ToArray(), facts.Select(f => f.Timestamp.ToUniversalTime()).ToArray(),
            facts.Select(f => f.CorrelationId).ToArray(), facts.Select(f => f.CausationId).ToArray(), facts.Select(f => f.Payload).ToArray());
    }
}
