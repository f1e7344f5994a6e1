using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders.Writing;
using Wolverine.Http;

namespace Ordering.Api.Orders.Cancelling;

public sealed record CancelOrderRequest(string? Reason);

public static class CancelOrderEndpoint
{
    public static ProblemDetails Validate(CancelOrderRequest? request) => request?.Reason switch
    {
        { Length: > 500 } => OrderRequestValidation.Problems([("reason", "must be at most 500 characters.")]),
        { } reason when OrderRequestValidation.HasControlCharacters(reason, lineBreaksAllowed: true) =>
            OrderRequestValidation.Problems([("reason", "must not contain control characters other than line breaks and tabs.")]),
        _ => WolverineContinue.NoProblems,
    };

    /// <summary>
    /// Cancels an order that is not shipped yet. A created or placed order is cancelled at once (a capture in flight
    /// is refunded); a paid order asks Shipping to stop the shipment first, so the answer is 202 and the order becomes
    /// Cancelled (and refunded) when Shipping confirms, or Shipped if the parcel had already left.
    /// </summary>
    [WolverinePost("/orders/{orderId}/cancel"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(200), ProducesResponseType<OrderAccepted>(202), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Post(Guid orderId, CancelOrderRequest? request, OrderCommandWriter writer)
    {
        var outcome = await writer.RunAsync(new CancelOrder(orderId, request?.Reason is { Length: > 0 } reason ? reason : "Cancelled by the customer."));
        return outcome.Rejection is null && outcome.Order is { Status: not OrderStatus.Cancelled, CancellationRequested: true } pending
            ? Results.Accepted($"/orders/{orderId}", new OrderAccepted(pending.Id, pending.Status, pending.Version))
            : OrderResults.For(outcome);
    }
}
