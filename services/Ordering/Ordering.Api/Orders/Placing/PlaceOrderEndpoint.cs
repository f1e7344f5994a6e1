using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ordering.Api.Orders.Placing;

public static class PlaceOrderEndpoint
{
    public static Task<Order?> LoadAsync(Guid orderId, IDocumentSession session) => session.LoadAsync<Order>(orderId);

    /// <summary>Submits the order for payment; the saga asks Payment to capture its total, and cancels the order if Payment has not answered within the payment timeout.</summary>
    [WolverinePost("/orders/{orderId}/place"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(422)]
    public static (IResult, OutgoingMessages, IMartenOp) Post(Guid orderId, Order? order)
    {
        var outcome = OrderWorkflow.Run(new PlaceOrder(orderId, DateTimeOffset.UtcNow), order);
        return (OrderResults.For(outcome), outcome.Messages, outcome.Storage);
    }
}
