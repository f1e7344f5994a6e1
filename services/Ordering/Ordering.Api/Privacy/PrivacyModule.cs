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
        // Erasure finds every order of a customer: snapshots and read models alike.
        options.Schema.For<Order>().Index(order => order.CustomerId);
        options.Schema.For<OrderView>().Index(view => view.Order.CustomerId);
    }

    public static void ConfigurePrivacy(WolverineOptions opts)
    {
        opts.ListenToOrderTopic(Topics.CustomersEvents);
        opts.PublishMessage<CustomerPersonalDataErased>().ToKafkaTopic(Topics.CustomersEvents)
            .CustomizeOutgoingMessagesOfType<CustomerPersonalDataErased>((envelope, erased) => envelope.PartitionKey = erased.CustomerId)
            .UseDurableOutbox();
    }
}
