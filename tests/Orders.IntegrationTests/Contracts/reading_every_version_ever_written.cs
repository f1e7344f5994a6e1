using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ordering.Api.Orders.Creating;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Contracts;

/// <summary>
/// Records an older release wrote, and records nobody can read, arriving on the live topic. The old ones are read
/// as current facts; the unreadable ones go to the dead letters while orders on the same partition keep flowing.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class reading_every_version_ever_written(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);
    private string Bootstrap => suite.Kafka.BootstrapServers;

    [Fact]
    public async Task orders_written_by_an_older_release_in_v1_read_back_with_the_legacy_currency_items_total_and_status()
    {
        var open = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        await Legacy(open, "orders.order-created.v1", $$"""{"orderId":"{{open}}","customerId":"c-legacy"}""");
        await Legacy(open, "orders.item-added.v1", $$"""{"orderId":"{{open}}","sku":"OLD-1","quantity":2,"unitPrice":9.95}""");
        await Legacy(open, "orders.item-added.v1", $$"""{"orderId":"{{open}}","sku":"OLD-2","quantity":1,"unitPrice":100}""");
        await Legacy(cancelled, "orders.order-created.v1", $$"""{"orderId":"{{cancelled}}","customerId":"c-legacy"}""");
        await Legacy(cancelled, "orders.item-added.v1", $$"""{"orderId":"{{cancelled}}","sku":"OLD-1","quantity":1,"unitPrice":5}""");
        await Legacy(cancelled, "orders.order-cancelled.v1", $$"""{"orderId":"{{cancelled}}","reason":"customer called"}""");

        var first = await _client.WaitForOrderAsync(open, o => o.Version == 3, "read from its v1 records");
        Assert.Equal(("c-legacy", "EUR", "Created", 119.90m), (first!.CustomerId, first.Currency, first.Status, first.Total));
        Assert.Equal([new OrderItemDto("OLD-1", 2, 9.95m), new OrderItemDto("OLD-2", 1, 100m)], first.Items);

        var second = await _client.WaitForOrderAsync(cancelled, o => o.Version == 3, "read from its v1 records");
        Assert.Equal(("Cancelled", "EUR", 5m), (second!.Status, second.Currency, second.Total));
    }

    [Fact]
    public async Task garbage_unknown_types_future_versions_and_failed_upcasts_become_dead_letters_while_the_partition_moves_on()
    {
        // The order's id is known in advance (idempotency key), so the poison shares its key, hence its partition,
        // and sits in front of the order's own events.
        var customer = $"poison-{Guid.NewGuid():N}";
        var orderId = CreateOrderEndpoint.OrderIdFor(customer, "k1");
        var garbage = await TopicReader.ProduceRecordAsync(Bootstrap, Topics.OrdersEvents, orderId, "orders.order-created.v2", [0xde, 0xad, 0xbe, 0xef]);
        var poison = new Dictionary<Guid, string>
        {
            [garbage.Id] = "garbage bytes",
            [await Legacy(orderId, "orders.order-exploded.v1", $$"""{"orderId":"{{orderId}}"}""")] = "unknown type",
            [await Legacy(orderId, "orders.order-created.v9", $$"""{"orderId":"{{orderId}}","customerId":"x","currency":"EUR"}""")] = "future version",
            [await Legacy(orderId, "orders.order-created.v1", """{"customerId":"no id"}""")] = "failed upcast",
        };

        await _client.PlaceKeyedOrderAsync(orderId, customer, "k1");
        await _client.WaitForStatusAsync(orderId, "Shipped");

        var deadLetters = await Eventually.Settle(() => DeadLetters(poison.Keys), d => d.Count == poison.Count);
        foreach (var (id, what) in poison) Assert.True(deadLetters.ContainsKey(id), $"the {what} record is not a dead letter");
        Assert.Contains("UnknownMessageType", deadLetters[poison.Single(p => p.Value == "unknown type").Key]);
        Assert.Contains("UnknownMessageType", deadLetters[poison.Single(p => p.Value == "future version").Key]);

        // Still ready, with the dead letters counted in its readiness details; listed through the admin API.
        var ready = await suite.Ordering.Server.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"deadLetters\"", await ready.Content.ReadAsStringAsync());

        var admin = SuiteClient.Admin(suite.Ordering);
        var listed = await admin.PostAsJsonAsync("/admin/dead-letters", new { limit = 1000 });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.Content.ReadAsStringAsync();
        foreach (var id in poison.Keys) Assert.Contains(id.ToString(), body);

        // Each dead letter says where in the log it came from, so an operator can find the record again.
        var headers = DeadLetterHeaders(body, garbage.Id);
        Assert.Equal((Topics.OrdersEvents, garbage.Partition.ToString(), garbage.Offset.ToString()),
            (headers.GetValueOrDefault("original-destination")?.Split('/').Last(), headers.GetValueOrDefault("original-partition"), headers.GetValueOrDefault("original-offset")));
    }

    /// <summary>The headers of one dead letter in the admin API's listing (<c>[{ envelopes: [{ id, envelope: { headers } }] }]</c>).</summary>
    internal static Dictionary<string, string?> DeadLetterHeaders(string listing, Guid id) =>
        DeadLetters(listing).Single(e => e.GetProperty("id").GetGuid() == id)
            .GetProperty("envelope").GetProperty("headers").Deserialize<Dictionary<string, string?>>()!;

    /// <summary>Every dead letter in the admin API's listing.</summary>
    internal static IEnumerable<JsonElement> DeadLetters(string listing) =>
        JsonDocument.Parse(listing).RootElement.EnumerateArray().SelectMany(result => result.GetProperty("envelopes").EnumerateArray());

    [Fact]
    public async Task the_dead_letter_admin_api_refuses_callers_without_the_admin_key()
    {
        var anonymous = await suite.Ordering.Server.CreateClient().PostAsJsonAsync("/admin/dead-letters", new { limit = 10 });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = suite.Ordering.Server.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/admin/dead-letters", new { limit = 10 })).StatusCode);
    }

    private Task<Guid> Legacy(Guid orderId, string messageType, string json) =>
        TopicReader.ProduceJsonAsync(Bootstrap, Topics.OrdersEvents, orderId, messageType, json);

    /// <summary>Dead letters of Ordering among the given envelope ids, with their exception type and message.</summary>
    private Task<Dictionary<Guid, string>> DeadLetters(IEnumerable<Guid> ids) => Inbox.DeadLettersAsync(suite.OrderingDatabase, ids.ToArray());
}
