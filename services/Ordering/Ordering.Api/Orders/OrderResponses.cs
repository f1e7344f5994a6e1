using Microsoft.AspNetCore.Http;

namespace Ordering.Api.Orders;

/// <summary>What a command answers: the order, its status and the version the command produced (for read-your-writes).</summary>
public sealed record OrderAccepted(Guid OrderId, OrderStatus Status, int Version);

public static class OrderResults
{
    public static IResult Rejected(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => Results.Problem(statusCode: 404, title: "Order not found", detail: rejection.Reason),
        RejectionKind.Conflict => Results.Problem(statusCode: 409, title: "Not allowed in the order's current state", detail: rejection.Reason),
        _ => Results.Problem(statusCode: 422, title: "Order rule violated", detail: rejection.Reason),
    };

    /// <summary>The HTTP answer to a command on an existing order. A no-op (a repeated cancel) answers 200 with the unchanged order.</summary>
    public static IResult For(OrderOutcome outcome) => outcome.Rejection is { } rejection
        ? Rejected(rejection)
        : Results.Ok(new OrderAccepted(outcome.Order!.Id, outcome.Order.Status, outcome.Order.Version));
}
