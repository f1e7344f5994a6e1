using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders.Creating;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ordering.Api.Orders.AddingItems;

public static class AddItemEndpoint
{
    public static ProblemDetails Validate(OrderLineRequest request) =>
        OrderRequestValidation.Problems(OrderRequestValidation.Line(request, "item"));

    // Loaded through the handler's own session, so Marten checks the version it read when the snapshot is stored.
    public static Task<Order?> LoadAsync(Guid orderId, IDocumentSession session) => session.LoadAsync<Order>(orderId);

    [WolverinePost("/orders/{orderId}/items"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static (IResult, OutgoingMessages, IMartenOp) Post(Guid orderId, OrderLineRequest request, Order? order)
    {
        var outcome = OrderWorkflow.Run(new AddItem(orderId, new NewOrderLine(request.Sku!.Trim(), request.Quantity, request.UnitPrice)), order);
        return (OrderResults.For(outcome), outcome.Messages, outcome.Storage);
    }
}
