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
        var trigger = $"refuse_{orderId:N}";
        await ShippingSql($"""
            create function shipping.{trigger}() returns trigger language plpgsql as $$
            begin raise exception 'simulated bug: shipment of % refused', new.id; end $$;
            create trigger {trigger} before insert on shipping.mt_doc_shipment
            for each row when (new.id = '{orderId}') execute function shipping.{trigger}();
            """);
        try
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
            await ShippingSql($"drop trigger {trigger} on shipping.mt_doc_shipment; drop function shipping.{trigger}();");
            var replay = await Admin().PostAsJsonAsync("/admin/dead-letters/replay", new { ids = new[] { id } });
            Assert.True(replay.IsSuccessStatusCode, $"replay answered {replay.StatusCode}");

            await _client.WaitForStatusAsync(orderId, "Shipped");
            Assert.Equal("Dispatched", (await _client.GetShipmentAsync(orderId))!.Status);
            Assert.Null(await Eventually.Until(() => FindDeadLetterAsync(orderId), d => d is null, "the replayed dead letter gone"));
            var shipped = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.ShippingEvents, orderId.ToString())
                .Count(r => r.MessageType.StartsWith("shipping.order-shipped."));
            Assert.Equal(1, shipped);
        }
        finally
        {
            await ShippingSql($"drop trigger if exists {trigger} on shipping.mt_doc_shipment; drop function if exists shipping.{trigger}();");
        }
    }

    private HttpClient Admin()
    {
        var http = suite.Shipping.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SuiteFixture.AdminKey);
        return http;
    }

    /// <summary>The order's ship-order command among Shipping's dead letters (not archived, not yet replayed), listed by the admin API.</summary>
    private async Task<(Guid Id, Dictionary<string, string?> Headers)?> FindDeadLetterAsync(Guid orderId)
    {
        var listed = await Admin().PostAsJsonAsync("/admin/dead-letters", new { limit = 1000 });
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

    private async Task ShippingSql(string sql)
    {
        await using var connection = new NpgsqlConnection(suite.ShippingDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
