using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ordering.Api.Orders;

/// <summary>Input checks shared by the order endpoints; each yields (field, message) pairs for a 400 problem.</summary>
public static class OrderRequestValidation
{
    public const int MaxQuantity = 10_000;
    public const decimal MaxUnitPrice = 1_000_000m;

    public static IEnumerable<(string Field, string Error)> CustomerAndCurrency(string? customerId, string? currency)
    {
        foreach (var error in CustomerId(customerId)) yield return error;
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetter)) yield return ("currency", "must be a three-letter ISO 4217 code.");
    }

    public static IEnumerable<(string Field, string Error)> CustomerId(string? customerId)
    {
        if (string.IsNullOrWhiteSpace(customerId)) yield return ("customerId", "is required.");
        else if (customerId.Length > 100) yield return ("customerId", "must be at most 100 characters.");
        else if (HasControlCharacters(customerId)) yield return ("customerId", NoControlCharacters);
    }

    public static IEnumerable<(string Field, string Error)> Line(Creating.OrderLineRequest? line, string at)
    {
        if (line is null) { yield return (at, "is required."); yield break; }
        if (string.IsNullOrWhiteSpace(line.Sku) || line.Sku.Length > 64) yield return ($"{at}.sku", "is required, at most 64 characters.");
        else if (HasControlCharacters(line.Sku)) yield return ($"{at}.sku", NoControlCharacters);
        if (line.Quantity is < 1 or > MaxQuantity) yield return ($"{at}.quantity", $"must be between 1 and {MaxQuantity}.");
        if (line.UnitPrice is < 0 or > MaxUnitPrice || decimal.Round(line.UnitPrice, 2) != line.UnitPrice)
            yield return ($"{at}.unitPrice", $"must be between 0 and {MaxUnitPrice} with at most two decimals.");
    }

    public const string NoControlCharacters = "must not contain control characters.";

    /// <summary>
    /// A control character in a value checked here is a client's mistake, and U+0000 would fail at the database after the
    /// request was accepted (PostgreSQL stores it in neither text nor jsonb): a retried 503 for ever, or a command that
    /// reaches another service and is dead-lettered there. Free text (a cancellation's reason) may break lines.
    /// </summary>
    public static bool HasControlCharacters(string value, bool lineBreaksAllowed = false) =>
        value.Any(c => char.IsControl(c) && !(lineBreaksAllowed && c is '\n' or '\r' or '\t'));

    public static ProblemDetails Problems(IEnumerable<(string Field, string Error)> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());
        return byField.Count == 0
            ? WolverineContinue.NoProblems
            : new ValidationProblemDetails(byField) { Status = 400, Title = "The request is not valid." };
    }
}
