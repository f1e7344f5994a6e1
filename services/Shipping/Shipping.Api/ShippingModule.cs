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

    // Erasure finds a customer's shipments by a column of its own (indexed), not an index on the JSON, so that a shipment's
    // later writes (dispatch, cancellation) can update the row in place (HOT; docs/performance.md step 11).
    public static void ConfigureDocuments(StoreOptions options) =>
        options.Schema.For<Shipment>().UseOptimisticConcurrency(true).Duplicate(shipment => shipment.CustomerId!);

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
