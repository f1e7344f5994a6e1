using Orders.Contracts.Ordering;
using Orders.Contracts.Privacy;
using Orders.Contracts.Shipping;

namespace Ordering.Api.Privacy;

public sealed record Address(string Street, string City, string PostalCode, string Country);

/// <summary>
/// Ordering's decrypted copy of the customer's personal data, kept beside the order (snapshot and read model) because
/// the saga needs the address when the order is paid. Erasure replaces every value with <see cref="PersonalField.ErasedMarker"/>.
/// </summary>
public sealed record CustomerDetails(string Name, string Email, Address ShippingAddress)
{
    private const string X = PersonalField.ErasedMarker;
    public static readonly CustomerDetails Erased = new(X, X, new Address(X, X, X, X));

    public bool IsErased => this == Erased;

    /// <summary>The details an order-created fact carries, null for an order written without them (v1, v2, or none given).</summary>
    public static CustomerDetails? From(OrderCreated e) =>
        e is { CustomerName: null, CustomerEmail: null, ShippingAddress: null } ? null : new(
            Text(e.CustomerName), Text(e.CustomerEmail),
            new Address(Text(e.ShippingAddress?.Street), Text(e.ShippingAddress?.City), Text(e.ShippingAddress?.PostalCode), Text(e.ShippingAddress?.Country)));

    public PersonalField Field(string customerId, string value) => value == X ? PersonalField.Erased : PersonalField.Open(customerId, value);

    public PostalAddress Address(string customerId) => new(
        Field(customerId, ShippingAddress.Street), Field(customerId, ShippingAddress.City),
        Field(customerId, ShippingAddress.PostalCode), Field(customerId, ShippingAddress.Country));

    public Recipient Recipient(string customerId) => new(Field(customerId, Name), Address(customerId));

    private static string Text(PersonalField? field) => field?.Reveal() ?? X;
}
