using System.Text;
using System.Text.Json;
using Marten;
using Orders.Contracts;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Batching;

namespace Ordering.Api.Orders.History;

/// <summary>
/// One fact about an order as it arrived from Kafka, from any topic: the audit log behind
/// <c>GET /orders/{id}/history</c> and the source of temporal queries, one row of <see cref="OrderHistoryTable"/>. Its id
/// is the event id, so a redelivery finds the entry there instead of adding a second one (<see cref="OrderHistoryWrites"/>).
/// </summary>
public sealed record OrderHistoryEntry(
    Guid Id,
    Guid OrderId,
    string WireType,
    string CurrentType,
    string Topic,
    int? Partition,
    long? Offset,
    DateTimeOffset Timestamp,
    string? CorrelationId,
    Guid? CausationId,
    string Payload)
{
    /// <summary>An entry for a record a batched listener read from the log (the OrderView projection, the saga; the body after any upcast, as a listener stores it).</summary>
    public static OrderHistoryEntry From(DecodedRecord decoded, IOrderMessage message)
    {
        var record = decoded.Record;
        return new OrderHistoryEntry(decoded.EventId, message.OrderId, record.MessageType ?? decoded.CurrentType, decoded.CurrentType,
            record.Topic, record.Partition, record.Offset, record.SentAt, record.CorrelationId, record.CausationId, Encoding.UTF8.GetString(decoded.Body));
    }

    /// <summary>The fact itself, in its current shape, its personal data opened with the keys still alive (erased otherwise).</summary>
    public object ToEvent(ICustomerKeys keys)
    {
        using var scope = PersonalDataScope.ForEvent(Id, keys);
        return JsonSerializer.Deserialize(Payload, MessageContracts.Current[CurrentType], ContractJson.Options)!;
    }

    /// <summary>The fact as JSON for an authorised reader: personal values in plain text, or "[erased]".</summary>
    public JsonElement Reveal(ICustomerKeys keys)
    {
        var fact = ToEvent(keys);
        using var scope = PersonalDataScope.Revealing();
        return JsonSerializer.SerializeToElement(fact, fact.GetType(), ContractJson.Options);
    }

    public bool IsOrderFact => Topic == Topics.OrdersEvents;

    /// <summary>Every fact recorded about the order, in no particular order (<see cref="OrderTimeline"/> orders them).</summary>
    public static Task<IReadOnlyList<OrderHistoryEntry>> OfOrderAsync(IQuerySession session, Guid orderId, CancellationToken cancellation) =>
        OrderHistoryReads.OfOrdersAsync(session, [orderId], cancellation);
}
