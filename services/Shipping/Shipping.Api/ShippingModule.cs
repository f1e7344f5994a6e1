using Marten;
using Orders.Contracts;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Messaging;
using Shipping.Api.Shipments;
using Wolverine;

namespace Shipping.Api;

public static class ShippingModule
{
    public const string ServiceName = "shipping";

    public static void ConfigureDocuments(StoreOptions options) =>
        options.Schema.For<Shipment>().UseOptimisticConcurrency(true).Index(shipment => shipment.CustomerId!);

    public static void ConfigureShipping(this WolverineOptions opts)
    {
        // Named explicitly: under a test runner the entry assembly is the runner's, and discovery would find nothing.
        opts.ApplicationAssembly = typeof(ShippingModule).Assembly;
        // shipping-commands is read by ShippingCommandsBatch (Program.cs), a polled batch per transaction.
        opts.ListenToOrderTopic(Topics.CustomersEvents); // erasures: mask the recipients
        // Scheduled dispatches are local messages kept in the database until due, so a restart does not lose them.
        opts.LocalQueueFor<DispatchShipment>().UseDurableInbox();

        opts.PublishToOrderTopic<OrderDispatched>(Topics.ShippingEvents);
        opts.PublishToOrderTopic<ShipmentCancelled>(Topics.ShippingEvents);
        opts.PublishToOrderTopic<ShipmentFailed>(Topics.ShippingEvents);
    }
}
