using Marten;
using Ordering.Api.Orders;
using Ordering.Api.Orders.Viewing;
using Orders.Contracts.Customers;

namespace Ordering.Api.Privacy;

/// <summary>
/// Drops Ordering's decrypted copies of an erased customer's data: the order snapshots (which the saga ships from) and the
/// read model. Idempotent: an order already masked is left alone. History entries hold only sealed bodies, which the
/// destroyed key already made unreadable. The erasure request masks them too, before it destroys the keys
/// (CustomerPersonalDataEndpoints.Delete); the event catches an order created while the request ran.
/// </summary>
public static class CustomerErasureHandler
{
    public static Task Handle(CustomerPersonalDataErased erased, IDocumentSession session, CancellationToken cancellation) =>
        MaskAsync(erased.CustomerId, session, cancellation);

    /// <summary>Queues the masking of the customer's snapshots and views in the session; the caller commits.</summary>
    public static async Task MaskAsync(string customerId, IDocumentSession session, CancellationToken cancellation)
    {
        var orders = await session.Query<Order>().Where(o => o.CustomerId == customerId).ToListAsync(cancellation);
        foreach (var order in orders.Where(o => o.Customer is { IsErased: false }))
            session.Store(order with { Customer = CustomerDetails.Erased });

        var views = await session.Query<OrderView>().Where(v => v.Order.CustomerId == customerId).ToListAsync(cancellation);
        foreach (var view in views.Where(v => v.Order.Customer is { IsErased: false }))
            session.Store(view with { Order = view.Order with { Customer = CustomerDetails.Erased } });
    }
}
