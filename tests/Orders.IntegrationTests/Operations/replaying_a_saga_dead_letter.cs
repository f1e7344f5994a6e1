using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Ordering.Api.Orders.Creating;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// Ordering's saga reads Payment's and Shipping's answers through a batched listener, not Wolverine's: an answer it keeps
/// failing on (a bug) must still wait in the dead letters without holding up other orders, and be replayed through the
/// same admin API as Wolverine's own dead letters once the bug is fixed, moving the order on exactly once.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class replaying_a_saga_dead_letter(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task a_payment_answer_the_saga_failed_on_is_replayed_after_the_fix_and_ships_the_order_once()
    {
        // The "bug": Ordering's database refuses to record this one order as paid, as a faulty migration would.
        var customer = $"saga-dead-letter-{Guid.NewGuid():N}";
        var orderId = CreateOrderEndpoint.OrderIdFor(customer, "k1");
        var trigger = $"refuse_paid_{orderId:N}";
        await OrderingSql($"""
            create function ordering.{trigger}() returns trigger language plpgsql as $$
            begin raise exception 'simulated bug: order % cannot be paid', new.id; end $$;
            create trigger {trigger} before insert or update on ordering.mt_doc_order
            for each row when (new.id = '{orderId}' and new.data->>'Status' = 'Paid') execute function ordering.{trigger}();
            """);
        try
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
            await OrderingSql($"drop trigger {trigger} on ordering.mt_doc_order; drop function ordering.{trigger}();");
            var replay = await Admin().PostAsJsonAsync("/admin/dead-letters/replay", new { ids = new[] { answerId } });
            Assert.True(replay.IsSuccessStatusCode, $"replay answered {replay.StatusCode}");

            await _client.WaitForStatusAsync(orderId, "Shipped");
            await Eventually.Until(() => Inbox.DeadLettersAsync(suite.OrderingDatabase, [answerId]), d => d.Count == 0, "the replayed dead letter gone");
            var shipOrders = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.ShippingCommands, orderId.ToString())
                .Count(r => r.MessageType.StartsWith("shipping.ship-order."));
            Assert.Equal(1, shipOrders);
        }
        finally
        {
            await OrderingSql($"drop trigger if exists {trigger} on ordering.mt_doc_order; drop function if exists ordering.{trigger}();");
        }
    }

    private HttpClient Admin()
    {
        var http = suite.Ordering.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SuiteFixture.AdminKey);
        return http;
    }

    private async Task OrderingSql(string sql)
    {
        await using var connection = new NpgsqlConnection(suite.OrderingDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
