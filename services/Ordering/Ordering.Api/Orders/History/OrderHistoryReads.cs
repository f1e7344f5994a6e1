using Marten;
using Npgsql;

namespace Ordering.Api.Orders.History;

/// <summary>Reads the audit log's rows back (<see cref="OrderHistoryTable"/>): rarely, so plainly, on the session's connection.</summary>
public static class OrderHistoryReads
{
    /// <summary>Every fact recorded about these orders, in no particular order (<see cref="OrderTimeline"/> orders them).</summary>
    public static async Task<IReadOnlyList<OrderHistoryEntry>> OfOrdersAsync(IQuerySession session, Guid[] orderIds, CancellationToken cancellation)
    {
        if (orderIds.Length == 0) return [];
        await using var command = new NpgsqlCommand(
            "select id, order_id, wire_type, current_type, topic, log_partition, log_offset, sent_at, correlation_id, causation_id, payload " +
            $"from {OrderHistoryTable.QualifiedName(session.DocumentStore.Options)} where order_id = any($1)")
        {
            Parameters = { new NpgsqlParameter { Value = orderIds } },
        };
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        var entries = new List<OrderHistoryEntry>();
        while (await reader.ReadAsync(cancellation))
            entries.Add(new OrderHistoryEntry(
                Id: reader.GetGuid(0), OrderId: reader.GetGuid(1), WireType: reader.GetString(2), CurrentType: reader.GetString(3), Topic: reader.GetString(4),
                Partition: await reader.IsDBNullAsync(5, cancellation) ? null : reader.GetInt32(5),
                Offset: await reader.IsDBNullAsync(6, cancellation) ? null : reader.GetInt64(6),
                Timestamp: reader.GetFieldValue<DateTimeOffset>(7),
                CorrelationId: await reader.IsDBNullAsync(8, cancellation) ? null : reader.GetString(8),
                CausationId: await reader.IsDBNullAsync(9, cancellation) ? null : reader.GetGuid(9),
                Payload: reader.GetString(10)));
        return entries;
    }
}
