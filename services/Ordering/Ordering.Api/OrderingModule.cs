using Marten;
using Ordering.Api.Orders;
using Ordering.Api.Orders.History;
using Ordering.Api.Orders.Viewing;
using Ordering.Api.Saga;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Messaging;
using Wolverine;

namespace Ordering.Api;

public static class OrderingModule
{
    public const string ServiceName = "ordering";

    public static void ConfigureDocuments(StoreOptions options)
    {
        // The decision snapshot: a concurrent command on the same order fails instead of overwriting (409 / retry).
        options.Schema.For<Order>().UseOptimisticConcurrency(true);
        options.Schema.For<OrderView>().UseOptimisticConcurrency(true);
        // The audit log is a plain table beside the documents, created and migrated with them (OrderHistoryTable says why).
        options.Storage.ExtendedSchemaObjects.Add(OrderHistoryTable.Define(options.DatabaseSchemaName));
        // A column of its own, set only while an order waits for Payment, for the deadline's query; the index is partial, so
        // writes of orders that are not waiting (most of them) do not touch it.
        options.Schema.For<Order>().Duplicate(order => order.AwaitingPaymentSince,
            configure: index => index.Predicate = "awaiting_payment_since is not null");
        Privacy.PrivacyModule.ConfigureDocuments(options);
    }

    public static void ConfigureOrdering(this WolverineOptions opts)
    {
        // Named explicitly: under a test runner the entry assembly is the runner's, and discovery would find nothing.
        opts.ApplicationAssembly = typeof(OrderingModule).Assembly;
        // Ordering's order topics are read by batched listeners (Program.cs), not Wolverine's: orders-events feeds the
        // OrderView projection (OrderViewProjection); payments-events and shipping-events feed the saga
        // (OrderAnswersBatch). Only customers-events (erasures) has a Wolverine listener (PrivacyModule).

        opts.PublishToOrderTopic<OrderCreated>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<ItemAdded>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<OrderPlaced>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<OrderPaid>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<OrderCancellationRequested>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<OrderShipped>(Topics.OrdersEvents);
        opts.PublishToOrderTopic<OrderCancelled>(Topics.OrdersEvents);

        opts.PublishToOrderTopic<CapturePayment>(Topics.PaymentsCommands);
        opts.PublishToOrderTopic<RefundPayment>(Topics.PaymentsCommands);
        opts.PublishToOrderTopic<ShipOrder>(Topics.ShippingCommands);
        opts.PublishToOrderTopic<CancelShipment>(Topics.ShippingCommands);
        Privacy.PrivacyModule.ConfigurePrivacy(opts);
    }
}
