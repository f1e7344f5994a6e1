using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Ordering.Api.Orders.Creating;
using Orders.Contracts;
using Orders.IntegrationTests.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// A message that kept failing on a bug waits in the dead letters, not lost and not blocking its partition; once the
/// bug is fixed, an operator replays it through the admin API and the order carries on, with its effect made once.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class replaying_dead_letters(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_command_that_failed_on_a_bug_is_replayed_after_the_fix_and_ships_the_order_once()
    {
        // The order id is known before the order exists, so the "bug" can target exactly this order: Shipping's
        // database refuses its shipment, as a faulty migration or constraint would.
        var customer = $"dead-letter-{Guid.NewGuid():N}";
        var orderId = CreateOrderEndpoint.OrderIdFor(customer, "k1");
        await using (var bug = await SimulatedBug.StartAsync(suite.ShippingDatabase, "shipping.mt_doc_shipment", "insert",
                         $"new.id = '{orderId}'", "shipment of % refused"))
        {
            await _client.PlaceKeyedOrderAsync(orderId, customer, "k1");
            await _client.WaitForStatusAsync(orderId, "Paid");

            // After its retries, the ship-order command is a dead letter that says where it came from and why.
            var deadLetter = await Eventually.Until(() => FindDeadLetterAsync(orderId), d => d is not null, "the ship-order command in Shipping's dead letters");
            var (id, headers) = deadLetter!.Value;
            Assert.Equal(("shipping.ship-order.v2", Topics.ShippingCommands), (headers["message-type"], headers["original-destination"]?.Split('/').Last()));
            Assert.True(int.TryParse(headers["original-partition"], out _) && long.TryParse(headers["original-offset"], out _), "partition and offset of the record");
            Assert.Contains("simulated bug", headers["exception-message"]);
            Assert.Equal(HttpStatusCode.OK, (await suite.Shipping.Server.CreateClient().GetAsync("/health/ready")).StatusCode);
            Assert.Null(await _client.GetShipmentAsync(orderId));

            // The fix, then the replay of that one dead letter.
            await bug.DisposeAsync();
            var replay = await SuiteClient.Admin(suite.Shipping).PostAsJsonAsync("/admin/dead-letters/replay", new { ids = new[] { id } });
            Assert.True(replay.IsSuccessStatusCode, $"replay answered {replay.StatusCode}");

            await _client.WaitForStatusAsync(orderId, "Shipped");
            Assert.Equal("Dispatched", (await _client.GetShipmentAsync(orderId))!.Status);
            Assert.Null(await Eventually.Settle(() => FindDeadLetterAsync(orderId), d => d is null));
            var shipped = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.ShippingEvents, orderId.ToString())
                .Count(r => r.MessageType.StartsWith("shipping.order-shipped."));
            Assert.Equal(1, shipped);
        }
    }

    /// <summary>
    /// Ordering's saga reads Payment's and Shipping's answers through a batched listener, not Wolverine's: an answer it
    /// keeps failing on waits in the same dead letters without holding up other orders, and the same replay moves the
    /// order on exactly once.
    /// </summary>
    [Fact]
    public async Task a_payment_answer_the_saga_failed_on_is_replayed_after_the_fix_and_ships_the_order_once()
    {
        // The "bug": Ordering's database refuses to record this one order as paid, as a faulty migration would.
        var customer = $"saga-dead-letter-{Guid.NewGuid():N}";
        var orderId = CreateOrderEndpoint.OrderIdFor(customer, "k1");
        await using (var bug = await SimulatedBug.StartAsync(suite.OrderingDatabase, "ordering.mt_doc_order", "insert or update",
                         $"new.id = '{orderId}' and new.data->>'Status' = 'Paid'", "order % cannot be paid"))
        {
            await _client.PlaceKeyedOrderAsync(orderId, customer, "k1");
            var captured = await Eventually.Until(
                () => Task.FromResult(TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.PaymentsEvents, orderId.ToString())),
                records => records.Count == 1, "Payment's answer on payments-events");
            var answerId = Guid.Parse(captured.Single().EventId);

            var deadLetters = await Eventually.Until(() => Inbox.DeadLettersAsync(suite.OrderingDatabase, [answerId]), d => d.Count == 1, "the answer in Ordering's dead letters");
            Assert.Contains("simulated bug", deadLetters[answerId]);
            Assert.Equal("Placed", (await _client.GetOrderAsync(orderId))!.Status);
            Assert.Equal(HttpStatusCode.OK, (await suite.Ordering.Server.CreateClient().GetAsync("/health/ready")).StatusCode);
            // Other orders were not held up behind it.
            await _client.WaitForStatusAsync(await _client.PlaceNewOrderAsync(), "Shipped");

            // The fix, then the replay of that one dead letter.
            await bug.DisposeAsync();
            var replay = await SuiteClient.Admin(suite.Ordering).PostAsJsonAsync("/admin/dead-letters/replay", new { ids = new[] { answerId } });
            Assert.True(replay.IsSuccessStatusCode, $"replay answered {replay.StatusCode}");

            await _client.WaitForStatusAsync(orderId, "Shipped");
            await Eventually.Until(() => Inbox.DeadLettersAsync(suite.OrderingDatabase, [answerId]), d => d.Count == 0, "the replayed dead letter gone");
            var shipOrders = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.ShippingCommands, orderId.ToString())
                .Count(r => r.MessageType.StartsWith("shipping.ship-order."));
            Assert.Equal(1, shipOrders);
        }
    }

    /// <summary>The order's ship-order command among Shipping's dead letters (not archived, not yet replayed), listed by the admin API.</summary>
    private async Task<(Guid Id, Dictionary<string, string?> Headers)?> FindDeadLetterAsync(Guid orderId)
    {
        var listed = await SuiteClient.Admin(suite.Shipping).PostAsJsonAsync("/admin/dead-letters", new { limit = 1000 });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.Content.ReadAsStringAsync();
        var match = reading_every_version_ever_written.DeadLetters(body)
            .Where(e => e.GetProperty("envelope").TryGetProperty("partitionKey", out var key) && key.GetString() == orderId.ToString())
            .ToList();
        if (match.Count == 0) return null;
        var id = match.Single().GetProperty("id").GetGuid();
        var headers = reading_every_version_ever_written.DeadLetterHeaders(body, id);
        headers["message-type"] = match.Single().GetProperty("messageType").GetString();
        return (id, headers);
    }
}
