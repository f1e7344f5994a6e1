using Marten;
using Microsoft.Extensions.DependencyInjection;
using Ordering.Api.Orders;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Versioning;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Kafka;

namespace Orders.IntegrationTests.Ordering;

/// <summary>
/// After a start, the payment deadline judges an order only on everything Payment has said: an order that is overdue by
/// now, but whose capture is already in <c>payments-events</c>, unread, is paid, not cancelled (and refunded). And an
/// order placed by a build that kept no waiting time on the order still gets its deadline.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class payment_deadline_after_a_start(SuiteFixture suite)
{
    [Fact]
    public async Task an_order_overdue_at_start_whose_capture_waits_unread_in_the_log_is_paid_not_cancelled()
    {
        // A broker of its own: what Ordering and Payment wrote before Ordering's database was lost, and nothing else.
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var orderId = Guid.CreateVersion7();
        var placedAt = DateTimeOffset.UtcNow.AddHours(-1);
        await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.OrdersEvents, orderId, placedAt,
            new OrderCreated(orderId, "c-deadline", "EUR"), new ItemAdded(orderId, "SKU-1", 1, 10m), new OrderPlaced(orderId, 10m, "EUR"));
        await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, orderId, placedAt.AddSeconds(1),
            new PaymentCaptured(orderId, Guid.NewGuid(), 10m, "EUR"));

        // Ordering restored onto an empty database: the order comes back placed an hour ago, far past a 30 s deadline,
        // checked every 100 ms; the capture is still to be read by the saga, whose group must first join.
        await using var ordering = await suite.StartAsync<Order>(await suite.Postgres.CreateDatabaseAsync("ordering"),
            ("Kafka:BootstrapServers", broker.BootstrapServers),
            ("Ordering:PaymentTimeout", "00:00:30"), ("Ordering:PaymentDeadlineCheckInterval", "00:00:00.1"));
        var store = ordering.Services.GetRequiredService<IDocumentStore>();

        var order = await Eventually.Until(() => LoadAsync(store, orderId), o => o is not null && o.Status != OrderStatus.Placed,
            "the restored order to leave Placed", TimeSpan.FromSeconds(60));
        Assert.Equal(OrderStatus.Paid, order!.Status);
        Assert.Null(order.AwaitingPaymentSince);
        var cancelled = MessageContracts.WireTypeOf(typeof(OrderCancelled));
        Assert.DoesNotContain(TopicReader.ReadAll(broker.BootstrapServers, Topics.OrdersEvents, orderId.ToString()), r => r.MessageType == cancelled);
    }

    [Fact]
    public async Task an_order_placed_before_the_deadline_was_kept_on_the_order_is_cancelled_one_timeout_after_a_start()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var database = await suite.Postgres.CreateDatabaseAsync("ordering");
        (string, string)[] settings = [("Kafka:BootstrapServers", broker.BootstrapServers),
            ("Ordering:PaymentTimeout", "00:00:02"), ("Ordering:PaymentDeadlineCheckInterval", "00:00:00.1")];
        var orderId = Guid.CreateVersion7();
        await using (var before = await suite.StartAsync<Order>(database, settings))
        {
            // What the earlier build left: a placed order with no waiting time (it kept a scheduled message instead).
            var created = OrderWorkflow.Run(new CreateOrder(orderId, "c-legacy", "EUR", [new NewOrderLine("SKU-1", 1, 10m)]), null).Order;
            var placed = OrderWorkflow.Run(new PlaceOrder(orderId, DateTimeOffset.UtcNow.AddHours(-1)), created).Order! with { AwaitingPaymentSince = null };
            await using var session = before.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Store(placed);
            await session.SaveChangesAsync();
        }

        // The upgrade: this build starts on that database, and the order's wait for Payment starts with it.
        var started = DateTimeOffset.UtcNow;
        await using var ordering = await suite.StartAsync<Order>(database, settings);
        var order = await Eventually.Until(() => LoadAsync(ordering.Services.GetRequiredService<IDocumentStore>(), orderId),
            o => o is not null && o.Status != OrderStatus.Placed, "the legacy order to leave Placed", TimeSpan.FromSeconds(60));
        Assert.Equal(OrderStatus.Cancelled, order!.Status);
        Assert.Null(order.AwaitingPaymentSince);
        var cancelled = MessageContracts.WireTypeOf(typeof(OrderCancelled));
        var records = await Eventually.Until(() => Task.FromResult(TopicReader.ReadAll(broker.BootstrapServers, Topics.OrdersEvents, orderId.ToString())),
            read => read.Any(r => r.MessageType == cancelled), "the cancellation in orders-events", TimeSpan.FromSeconds(30));

        // One whole timeout after the start, not at once: the placed-an-hour-ago date must not count for an order whose
        // wait was never kept. A lower bound only, so a slow machine cannot fail it.
        var cancelledAt = records.Single(r => r.MessageType == cancelled).AsLogRecord().SentAt;
        Assert.True(cancelledAt >= started + TimeSpan.FromSeconds(2), $"cancelled at {cancelledAt:O}, started at {started:O}, timeout 2 s");
    }

    private static async Task<Order?> LoadAsync(IDocumentStore store, Guid orderId)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Order>(orderId);
    }
}
