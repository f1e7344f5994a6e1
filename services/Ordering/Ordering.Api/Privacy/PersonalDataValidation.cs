using Ordering.Api.Orders;
using Ordering.Api.Orders.Creating;

namespace Ordering.Api.Privacy;

/// <summary>Checks of the personal fields of <c>POST /orders</c>. Messages name the field, never echo its value.</summary>
public static class PersonalDataValidation
{
    public static IEnumerable<(string Field, string Error)> Problems(CreateOrderRequest request)
    {
        var a = request.ShippingAddress;
        var given = new (string Field, string? Value, int Max)[]
        {
            ("customerName", request.CustomerName, 200), ("customerEmail", request.CustomerEmail, 254),
            ("shippingAddress.street", a?.Street, 200), ("shippingAddress.city", a?.City, 100),
            ("shippingAddress.postalCode", a?.PostalCode, 20), ("shippingAddress.country", a?.Country, 2),
        };
        if (given.All(f => f.Value is null)) yield break; // no personal data at all: allowed
        foreach (var (field, value, max) in given)
        {
            if (string.IsNullOrWhiteSpace(value)) yield return (field, "is required when personal data is given.");
            else if (value.Trim().Length > max) yield return (field, $"must be at most {max} characters.");
            else if (OrderRequestValidation.HasControlCharacters(value)) yield return (field, OrderRequestValidation.NoControlCharacters);
        }
        if (request.CustomerEmail is { } email && !string.IsNullOrWhiteSpace(email) && (email.IndexOf('@') is <= 0 || email.Trim().EndsWith('@')))
            yield return ("customerEmail", "must be an e-mail address.");
        if (a?.Country is { } country && !string.IsNullOrWhiteSpace(country) && !(country.Trim().Length == 2 && country.Trim().All(char.IsAsciiLetter)))
            yield return ("shippingAddress.country", "must be a two-letter ISO 3166 code.");
    }

    public static CustomerDetails? Details(CreateOrderRequest request) => request is { CustomerName: { } name, CustomerEmail: { } email, ShippingAddress: { } a }
        ? new CustomerDetails(name.Trim(), email.Trim(), new Address(a.Street!.Trim(), a.City!.Trim(), a.PostalCode!.Trim(), a.Country!.Trim().ToUpperInvariant()))
        : null;
}
