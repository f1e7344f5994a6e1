using Marten;
using Ordering.Api.Orders;
using Ordering.Api.Orders.Viewing;
using Orders.Contracts;
using Orders.Contracts.Customers;
using Orders.ServiceDefaults.Messaging;
using Wolverine;
using Wolverine.Kafka;

namespace Ordering.Api.Privacy;

/// <summary>Ordering's part in erasure: it publishes the erasure and, like every service, masks its own copies when it reads it.</summary>
public static class PrivacyModule
{
    public static void ConfigureDocuments(StoreOptions options)
    {
        // Erasure finds every order of a customer: snapshots and read models alike. The customer id is a column of its own
        // (indexed), not an index on the JSON: an index over the document's data would make every write of the order a new
        // index entry, while a column that never changes lets PostgreSQL update the row in place (HOT, docs/performance.md step 11).
        options.Schema.For<Order>().Duplicate(order => order.CustomerId);
        options.Schema.For<OrderView>().Duplicate(view => view.Order.CustomerId);
    }

    public static void ConfigurePrivacy(WolverineOptions opts)
    {
        opts.ListenToOrderTopic(Topics.CustomersEvents);
        opts.PublishMessage<CustomerPersonalDataErased>().ToKafkaTopic(Topics.CustomersEvents)
            .CustomizeOutgoingMessagesOfType<CustomerPersonalDataErased>((envelope, erased) => envelope.PartitionKey = erased.CustomerId)
            .UseDurableOutbox();
    }
}
