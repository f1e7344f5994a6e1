using Marten;
using Ordering.Api.Orders;
using Ordering.Api.Orders.Viewing;
using Orders.Contracts.Customers;

namespace Ordering.Api.Privacy;

/// <summary>
/// Drops Ordering's decrypted copies of an erased customer's data: the order snapshots (which the saga ships from) and the
/// read model. Idempotent: an order already masked is left alone. History entries hold only sealed bodies, which the
/// destroyed key already made unreadable.
/// </summary>
public static class CustomerErasureHandler
{
    public static async Task Handle(CustomerPersonalDataErased erased, IDocumentSession session, CancellationToken cancellation)
    {
        var orders = await session.Query<Order>().Where(o => o.CustomerId == erased.CustomerId).ToListAsync(cancellation);
        foreach (var order in orders.Where(o => o.Customer is { IsErased: false }))
            session.Store(order with { Customer = CustomerDetails.Erased });

        var views = await session.Query<OrderView>().Where(v => v.Order.CustomerId == erased.CustomerId).ToListAsync(cancellation);
        foreach (var view in views.Where(v => v.Order.Customer is { IsErased: false }))
            session.Store(view with { Order = view.Order with { Customer = CustomerDetails.Erased } });
    }
}
