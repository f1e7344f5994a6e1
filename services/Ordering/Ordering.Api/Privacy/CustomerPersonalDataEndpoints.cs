using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Ordering.Api.Orders;
using Orders.Contracts.Customers;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Privacy;
using Wolverine;
using Wolverine.Http;

namespace Ordering.Api.Privacy;

public sealed record ErasureAccepted(string CustomerId, DateTimeOffset ErasedAt, IReadOnlyList<Guid> DestroyedKeyIds, bool AlreadyErased);

public sealed record PersonalDataOrder(Guid OrderId, OrderStatus Status, string? CustomerName, string? CustomerEmail, Address? ShippingAddress);

/// <summary>Where each personal field goes (data minimisation): Payment receives none of them.</summary>
public sealed record PersonalDataFlow(string Field, IReadOnlyList<string> HeldBy);

public sealed record PersonalDataExport(
    string CustomerId, IReadOnlyList<CustomerKeyInfo> Keys, IReadOnlyList<ErasureRecord> Erasures,
    IReadOnlyList<PersonalDataOrder> Orders, IReadOnlyList<PersonalDataFlow> Flows);

/// <summary>The right to be forgotten and the right of access. Both under the admin key (see AdminApiKey).</summary>
public static class CustomerPersonalDataEndpoints
{
    public static readonly IReadOnlyList<PersonalDataFlow> Flows =
    [
        new("customerName", ["ordering (orders-events, order snapshot, order read model)", "shipping (shipping-commands, shipment)"]),
        new("customerEmail", ["ordering (orders-events, order snapshot, order read model)"]),
        new("shippingAddress", ["ordering (orders-events, order snapshot, order read model)", "shipping (shipping-commands, shipment)"]),
    ];

    /// <summary>A customer id as orders carry it: anything else names no customer (and U+0000 would fail at the database).</summary>
    public static ProblemDetails Validate(string customerId) => OrderRequestValidation.Problems(OrderRequestValidation.CustomerId(customerId));

    /// <summary>
    /// Crypto-shredding: destroys the customer's keys (every sealed copy, in every topic and backup, becomes unreadable at
    /// once) and publishes the erasure so each service drops its decrypted copies. Repeating it is safe and completes an
    /// erasure interrupted before its event left; every request is audited.
    /// </summary>
    [WolverineDelete("/customers/{customerId}/personal-data"), Tags("Customers")]
    [ProducesResponseType<ErasureAccepted>(202)]
    public static async Task<(IResult, OutgoingMessages)> Delete(string customerId, ICustomerKeyStore keys, IDocumentStore store, CancellationToken cancellation)
    {
        // Ordering's own decrypted copies first, committed before the keys go: the saga seals the name and address for
        // Shipping from the order's snapshot when the order is paid, and sealing after the keys were destroyed would
        // create a new key for the customer, under which that copy stayed readable. A saga batch that read the snapshot
        // before this commit fails its version check and decides again on the masked one.
        await MaskOrderingCopiesAsync(customerId, store, cancellation);
        var previous = await keys.ErasuresOfAsync(customerId, cancellation);
        var erasure = await keys.DestroyAsync(customerId, DateTimeOffset.UtcNow, cancellation);
        var answer = new ErasureAccepted(customerId, erasure.RequestedAt, erasure.DestroyedKeyIds, AlreadyErased: erasure.DestroyedKeyIds.Count == 0 && previous.Count > 0);
        return (Results.Accepted(value: answer), [new CustomerPersonalDataErased(customerId, erasure.RequestedAt, erasure.DestroyedKeyIds)]);
    }

    private static async Task MaskOrderingCopiesAsync(string customerId, IDocumentStore store, CancellationToken cancellation)
    {
        const int attempts = 3; // an order of the customer written between the query and the commit: read it again
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            await CustomerErasureHandler.MaskAsync(customerId, session, cancellation);
            try { await session.SaveChangesAsync(cancellation); return; }
            catch (Exception e) when (attempt < attempts && TransientFailures.IsConflict(e)) { }
        }
    }

    /// <summary>Everything the suite holds about the customer: keys, erasures, and the personal data of each order (or "[erased]").</summary>
    [WolverineGet("/customers/{customerId}/personal-data"), Tags("Customers")]
    [ProducesResponseType<PersonalDataExport>(200)]
    public static async Task<PersonalDataExport> Get(string customerId, ICustomerKeyStore keys, IQuerySession session, CancellationToken cancellation)
    {
        var orders = await session.Query<Order>().Where(o => o.CustomerId == customerId).ToListAsync(cancellation);
        return new PersonalDataExport(customerId,
            await keys.KeysOfAsync(customerId, cancellation),
            await keys.ErasuresOfAsync(customerId, cancellation),
            orders.OrderBy(o => o.Id).Select(o => new PersonalDataOrder(o.Id, o.Status, o.Customer?.Name, o.Customer?.Email, o.Customer?.ShippingAddress)).ToList(),
            Flows);
    }
}
