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
        if (string.IsNullOrWhiteSpace(customerId)) yield return ("customerId", "is required.");
        else if (customerId.Length > 100) yield return ("customerId", "must be at most 100 characters.");
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetter)) yield return ("currency", "must be a three-letter ISO 4217 code.");
    }

    public static IEnumerable<(string Field, string Error)> Line(Creating.OrderLineRequest? line, string at)
    {
        if (line is null) { yield return (at, "is required."); yield break; }
        if (string.IsNullOrWhiteSpace(line.Sku) || line.Sku.Length > 64) yield return ($"{at}.sku", "is required, at most 64 characters.");
        if (line.Quantity is < 1 or > MaxQuantity) yield return ($"{at}.quantity", $"must be between 1 and {MaxQuantity}.");
        if (line.UnitPrice is < 0 or > MaxUnitPrice || decimal.Round(line.UnitPrice, 2) != line.UnitPrice)
            yield return ($"{at}.unitPrice", $"must be between 0 and {MaxUnitPrice} with at most two decimals.");
    }

    public static ProblemDetails Problems(IEnumerable<(string Field, string Error)> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());
        return byField.Count == 0
            ? WolverineContinue.NoProblems
            : new ValidationProblemDetails(byField) { Status = 400, Title = "The request is not valid." };
    }
}
