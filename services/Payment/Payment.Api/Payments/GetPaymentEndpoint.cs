using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Payment.Api.Payments;

public sealed record PaymentResponse(Guid OrderId, Guid PaymentId, PaymentStatus Status, decimal Amount, string Currency, string? Reason);

public static class GetPaymentEndpoint
{
    [WolverineGet("/payments/{orderId}"), Tags("Payments")]
    [ProducesResponseType<PaymentResponse>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid orderId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Payment>(orderId, cancellation) is { } p
            ? Results.Ok(new PaymentResponse(p.OrderId, p.PaymentId, p.Status, p.Amount, p.Currency, p.Reason))
            : Results.Problem(statusCode: 404, title: "Payment not found", detail: $"No payment was requested for order {orderId}.");
}
