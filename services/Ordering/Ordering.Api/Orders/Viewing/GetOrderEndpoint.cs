using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Ordering.Api.Orders.History;
using Ordering.Api.Privacy;
using Orders.Contracts.Privacy;
using Wolverine.Http;

namespace Ordering.Api.Orders.Viewing;

public sealed record OrderItemResponse(string Sku, int Quantity, decimal UnitPrice);

/// <summary>The personal fields are absent for an order placed without them and read "[erased]" once the customer is erased.</summary>
public sealed record OrderResponse(Guid OrderId, string CustomerId, OrderStatus Status, string Currency, IReadOnlyList<OrderItemResponse> Items, decimal Total, int Version,
    string? CustomerName = null, string? CustomerEmail = null, Address? ShippingAddress = null)
{
    public static OrderResponse From(Order order) => new(order.Id, order.CustomerId, order.Status, order.Currency,
        order.Lines.Select(l => new OrderItemResponse(l.Sku, l.Quantity, l.UnitPrice)).ToList(), order.Total, order.Version,
        order.Customer?.Name, order.Customer?.Email, order.Customer?.ShippingAddress);
}

public static class GetOrderEndpoint
{
    /// <summary>
    /// The order as the read model knows it (eventually consistent with commands by milliseconds; <c>version</c> says how
    /// far it has got). <c>?minVersion=n</c> waits, bounded, for the version a command answered; <c>?asOf=instant</c> and
    /// <c>?version=n</c> answer what was known then, folded from the recorded facts.
    /// </summary>
    [WolverineGet("/orders/{orderId}"), Tags("Orders")]
    [ProducesResponseType<OrderResponse>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(503)]
    public static async Task<IResult> Get(Guid orderId, string? asOf, string? version, string? minVersion, IQuerySession session,
        IOptions<ReadSettings> settings, ICustomerKeys keys, CancellationToken cancellation)
    {
        if (asOf is not null && version is not null)
            return BadRequest("Ask for asOf or for version, not both.");
        if (asOf is not null)
            return DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                ? Found(OrderTimeline.AsOf(await OrderHistoryEntry.OfOrderAsync(session, orderId, cancellation), instant, keys), orderId, $"as of {instant:O}")
                : BadRequest("asOf must be an ISO-8601 instant, e.g. 2026-11-28T10:15:00Z.");
        if (version is not null)
            return int.TryParse(version, out var n) && n > 0
                ? Found(OrderTimeline.AtVersion(await OrderHistoryEntry.OfOrderAsync(session, orderId, cancellation), n, keys), orderId, $"at version {n}")
                : BadRequest("version must be a positive whole number.");

        var wanted = 0;
        if (minVersion is not null && !(int.TryParse(minVersion, out wanted) && wanted > 0))
            return BadRequest("minVersion must be a positive whole number.");

        var view = await session.LoadAsync<OrderView>(orderId, cancellation);
        if ((view?.Order.Version ?? 0) < wanted && await session.LoadAsync<Order>(orderId, cancellation) is var written && (written?.Version ?? 0) < wanted)
        {
            // The order itself (what commands decide on, written before they answer) is not at that version: no command
            // has answered with it, so the read model will not reach it by waiting.
            return written is null
                ? NotFound(orderId, "")
                : Results.Problem(statusCode: 404, title: "Order version not found",
                    detail: $"Order {orderId} is at version {written.Version}; no command has produced version {wanted}.");
        }
        var deadline = DateTime.UtcNow + settings.Value.ReadYourWritesTimeout;
        while ((view?.Order.Version ?? 0) < wanted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellation);
            view = await session.LoadAsync<OrderView>(orderId, cancellation);
        }

        var known = view?.Order.Version ?? 0;
        if (known < wanted)
            return Results.Problem(statusCode: 503, title: "The read model has not caught up yet",
                detail: $"Order {orderId} is at version {known} here; version {wanted} was asked for. Retry shortly.",
                extensions: new Dictionary<string, object?> { ["projectionVersion"] = known, ["requestedVersion"] = wanted });
        return view is null ? NotFound(orderId, "") : Results.Ok(OrderResponse.From(view.Order));
    }

    private static IResult Found(Order? order, Guid orderId, string when) =>
        order is null ? NotFound(orderId, when) : Results.Ok(OrderResponse.From(order));

    private static IResult NotFound(Guid orderId, string when) =>
        Results.Problem(statusCode: 404, title: "Order not found",
            detail: when.Length > 0 ? $"Order {orderId} did not exist {when}." : $"No order {orderId} (a just-created order may take a moment to appear; use minVersion).");

    private static IResult BadRequest(string detail) => Results.Problem(statusCode: 400, title: "The request is not valid.", detail: detail);
}
