using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Wolverine.Http;

namespace Ordering.Api.Orders.History;

public sealed record HistoryEntryResponse(
    Guid EventId, string Type, int Version, string Topic, int? Partition, long? Offset, DateTimeOffset Timestamp,
    string? CorrelationId, Guid? CausationId, JsonElement Data);

public static class GetOrderHistoryEndpoint
{
    /// <summary>Every fact about the order from every topic (orders, payments, shipping), oldest first.</summary>
    [WolverineGet("/orders/{orderId}/history"), Tags("Orders")]
    [ProducesResponseType<IReadOnlyList<HistoryEntryResponse>>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid orderId, IQuerySession session, ICustomerKeys keys, CancellationToken cancellation)
    {
        var entries = await OrderHistoryEntry.OfOrderAsync(session, orderId, cancellation);
        if (entries.Count == 0) return Results.Problem(statusCode: 404, title: "Order not found", detail: $"No fact about order {orderId} has been recorded.");

        return Results.Ok(OrderTimeline.InLogOrder(entries).Select(e =>
        {
            MessageContracts.TryParse(e.WireType, out _, out var version);
            return new HistoryEntryResponse(e.Id, e.WireType, version, e.Topic, e.Partition, e.Offset, e.Timestamp,
                e.CorrelationId, e.CausationId, e.Reveal(keys));
        }).ToList());
    }
}
