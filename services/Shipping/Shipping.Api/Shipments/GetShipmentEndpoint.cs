using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Shipping.Api.Shipments;

public sealed record ShipmentResponse(Guid OrderId, ShipmentStatus Status, string? TrackingNumber, IReadOnlyList<ShipmentItem> Items, ShipmentRecipient? Recipient = null);

public static class GetShipmentEndpoint
{
    [WolverineGet("/shipments/{orderId}"), Tags("Shipments")]
    [ProducesResponseType<ShipmentResponse>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid orderId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Shipment>(orderId, cancellation) is { } s
            ? Results.Ok(new ShipmentResponse(s.OrderId, s.Status, s.TrackingNumber, s.Items, s.Recipient))
            : Results.Problem(statusCode: 404, title: "Shipment not found", detail: $"Nothing was shipped for order {orderId}.");
}
