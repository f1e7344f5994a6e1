using Marten;

namespace Ordering.Api.Orders.History;

/// <summary>
/// Writes a batch's history entries as what they are, facts recorded once: one multi-row insert in the batch's unit of
/// work that skips an entry already there (its id is the event id, so a record read again adds nothing), where Marten
/// would send an upsert per document. At the suite's ceiling those upserts were PostgreSQL's largest item: 8.4
/// statements and about 0.44 ms of its time per order (pg_stat_statements; docs/performance.md, step 25). The row is
/// the one Marten writes (its table, the document as Marten serializes it, the duplicated order id; the version and
/// the modification time from the columns' defaults), so Marten reads it back like any other.
/// </summary>
public static class OrderHistoryWrites
{
    public static void Append(IDocumentSession session, IEnumerable<OrderHistoryEntry> entries)
    {
        var facts = entries.DistinctBy(entry => entry.Id).ToList(); // a log may hold a record twice (a producer's retry)
        if (facts.Count == 0) return;
        var options = session.DocumentStore.Options;
        var serializer = options.Serializer();
        session.QueueSqlCommand(
            $"insert into {options.FindOrResolveDocumentType(typeof(OrderHistoryEntry)).TableName.QualifiedName} (id, data, mt_dotnet_type, order_id) " +
            "select fact.id, fact.data::jsonb, ?, fact.order_id from unnest(?::uuid[], ?::text[], ?::uuid[]) as fact(id, data, order_id) " +
            "on conflict (id) do nothing",
            DotNetType, facts.Select(f => f.Id).ToArray(), facts.Select(f => serializer.ToJson(f)).ToArray(), facts.Select(f => f.OrderId).ToArray());
    }

    private static readonly string DotNetType = typeof(OrderHistoryEntry).FullName!;
}
