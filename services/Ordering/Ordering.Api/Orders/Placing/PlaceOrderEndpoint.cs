using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders.Writing;
using Wolverine.Http;

namespace Ordering.Api.Orders.Placing;

public static class PlaceOrderEndpoint
{
    /// <summary>Submits the order for payment; the saga asks Payment to capture its total, and cancels the order if Payment has not answered within the payment timeout.</summary>
    [WolverinePost("/orders/{orderId}/place"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(Guid orderId, OrderCommandWriter writer) =>
        OrderResults.For(await writer.RunAsync(new PlaceOrder(orderId, DateTimeOffset.UtcNow)));
}
