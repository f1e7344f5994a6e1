using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ordering.Api.Orders.Viewing;

public sealed record OrderItemResponse(string Sku, int Quantity, decimal UnitPrice);

public sealed record OrderResponse(Guid OrderId, string CustomerId, OrderStatus Status, string Currency, IReadOnlyList<OrderItemResponse> Items, decimal Total, int Version)
{
    public static OrderResponse From(Order order) => new(order.Id, order.CustomerId, order.Status, order.Currency,
        order.Lines.Select(l => new OrderItemResponse(l.Sku, l.Quantity, l.UnitPrice)).ToList(), order.Total, order.Version);
}

public static class GetOrderEndpoint
{
    /// <summary>The order as the read model knows it: eventually consistent with the commands, by a few milliseconds.</summary>
    [WolverineGet("/orders/{orderId}"), Tags("Orders")]
    [ProducesResponseType<OrderResponse>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid orderId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<OrderView>(orderId, cancellation) is { } view
            ? Results.Ok(OrderResponse.From(view.Order))
            : Results.Problem(statusCode: 404, title: "Order not found", detail: $"No order {orderId} (a just-created order may take a moment to appear).");
}
