using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders.Creating;
using Ordering.Api.Orders.Writing;
using Wolverine.Http;

namespace Ordering.Api.Orders.AddingItems;

public static class AddItemEndpoint
{
    public static ProblemDetails Validate(OrderLineRequest request) =>
        OrderRequestValidation.Problems(OrderRequestValidation.Line(request, "item"));

    [WolverinePost("/orders/{orderId}/items"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(Guid orderId, OrderLineRequest request, OrderCommandWriter writer) =>
        OrderResults.For(await writer.RunAsync(new AddItem(orderId, new NewOrderLine(request.Sku!.Trim(), request.Quantity, request.UnitPrice))));
}
