using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders.Writing;
using Ordering.Api.Privacy;
using Wolverine.Http;

namespace Ordering.Api.Orders.Creating;

public sealed record OrderLineRequest(string? Sku, int Quantity, decimal UnitPrice);

public sealed record AddressRequest(string? Street, string? City, string? PostalCode, string? Country);

/// <summary>The personal fields are optional as a group: all of them (to ship to the customer) or none (an older client).</summary>
public sealed record CreateOrderRequest(string? CustomerId, string? Currency, IReadOnlyList<OrderLineRequest>? Items,
    string? CustomerName = null, string? CustomerEmail = null, AddressRequest? ShippingAddress = null);

public static class CreateOrderEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>A body of <c>null</c> deserializes to no request at all: that is a 400 too, not a crash.</summary>
    public static ProblemDetails Validate(CreateOrderRequest? request, HttpRequest http) => request is null
        ? OrderRequestValidation.Problems([("body", "must be an order: {\"customerId\":..,\"currency\":..,\"items\":[..]}.")])
        : OrderRequestValidation.Problems(IdempotencyKeyErrors(http.Headers[IdempotencyKeyHeader])
            .Concat(OrderRequestValidation.CustomerAndCurrency(request.CustomerId, request.Currency))
            .Concat(request.Items is { Count: > OrderDecider.MaxLines } ? [("items", $"must hold at most {OrderDecider.MaxLines} lines.")] : [])
            .Concat((request.Items ?? []).Take(OrderDecider.MaxLines).SelectMany((item, i) => OrderRequestValidation.Line(item, $"items[{i}]")))
            .Concat(PersonalDataValidation.Problems(request)));

    [WolverinePost("/orders"), Tags("Orders")]
    [ProducesResponseType<OrderAccepted>(201), ProducesResponseType<OrderAccepted>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(409), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(CreateOrderRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, OrderCommandWriter writer)
    {
        // With an Idempotency-Key the order id is derived from the customer and the key, so a retried request finds
        // the order it created the first time and answers with it instead of creating another.
        var minted = idempotencyKey is not { Length: > 0 };
        var orderId = minted ? Guid.CreateVersion7() : OrderIdFor(request.CustomerId!.Trim(), idempotencyKey!);
        var lines = (request.Items ?? []).Select(i => new NewOrderLine(i.Sku!.Trim(), i.Quantity, i.UnitPrice)).ToList();
        var outcome = await writer.RunAsync(new CreateOrder(orderId, request.CustomerId!.Trim(), request.Currency!.ToUpperInvariant(), lines,
            PersonalDataValidation.Details(request)), orderIsNew: minted);

        if (outcome.Rejection is { Kind: not RejectionKind.Conflict } rejection) return OrderResults.Rejected(rejection); // the key, reused for another order
        var order = outcome.Order!;
        var accepted = new OrderAccepted(order.Id, order.Status, order.Version);
        // The only way to an existing id is the same key again: answer with what the first request created.
        return outcome.Changed ? Results.Created($"/orders/{order.Id}", accepted) : Results.Ok(accepted);
    }

    /// <summary>Two keys on one request would make one of them silently win: which order did the client mean?</summary>
    private static IEnumerable<(string Field, string Error)> IdempotencyKeyErrors(Microsoft.Extensions.Primitives.StringValues keys)
    {
        if (keys.Count > 1) yield return (IdempotencyKeyHeader, "must be given once.");
        else if (keys.SingleOrDefault() is { Length: > MaxIdempotencyKeyLength }) yield return (IdempotencyKeyHeader, $"must be at most {MaxIdempotencyKeyLength} characters.");
    }

    /// <summary>A name-based (SHA-256, RFC 9562 version 8) id: the same customer and key always give the same order id.</summary>
    public static Guid OrderIdFor(string customerId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"orders/{customerId}/{idempotencyKey}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
