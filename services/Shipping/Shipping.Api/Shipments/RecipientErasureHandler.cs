using Marten;
using Orders.Contracts.Customers;

namespace Shipping.Api.Shipments;

/// <summary>
/// Drops Shipping's decrypted copies of an erased customer's name and address. Shipment facts (status, tracking number,
/// items) stay. A pending shipment is then stopped at dispatch (see <see cref="ShipmentDecider"/>). Idempotent.
/// </summary>
public static class RecipientErasureHandler
{
    public static Task Handle(CustomerPersonalDataErased erased, IDocumentSession session, CancellationToken cancellation) =>
        MaskAsync(erased.CustomerId, session, cancellation);

    /// <summary>Queues the masking of the customer's shipments in the session; the caller commits (a rebuild's swap too).</summary>
    public static async Task MaskAsync(string customerId, IDocumentSession session, CancellationToken cancellation)
    {
        var shipments = await session.Query<Shipment>().Where(s => s.CustomerId == customerId).ToListAsync(cancellation);
        foreach (var shipment in shipments.Where(s => s.Recipient is { IsErased: false }))
            session.Store(shipment with { Recipient = ShipmentRecipient.Erased });
    }
}
