using Marten;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.ServiceDefaults.Messaging;
using Payment.Api.Payments;
using Wolverine;

namespace Payment.Api;

public static class PaymentModule
{
    public const string ServiceName = "payment";

    public static void ConfigureDocuments(StoreOptions options) =>
        options.Schema.For<Payments.Payment>().UseOptimisticConcurrency(true);

    public static void ConfigurePayment(this WolverineOptions opts)
    {
        // Named explicitly: under a test runner the entry assembly is the runner's, and discovery would find nothing.
        opts.ApplicationAssembly = typeof(PaymentModule).Assembly;
        // payments-commands is read by PaymentCommandsBatch (Program.cs), a polled batch per transaction.

        opts.PublishToOrderTopic<PaymentCaptured>(Topics.PaymentsEvents);
        opts.PublishToOrderTopic<PaymentDeclined>(Topics.PaymentsEvents);
        opts.PublishToOrderTopic<PaymentRefunded>(Topics.PaymentsEvents);
        opts.PublishToOrderTopic<PaymentVoided>(Topics.PaymentsEvents);
    }
}
