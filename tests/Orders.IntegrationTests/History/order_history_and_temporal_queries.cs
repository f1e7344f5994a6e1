using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.History;

/// <summary>The audit log of an order across the three services' topics, and "what did we know then?".</summary>
[Collection(SuiteCollection.Name)]
public sealed class order_history_and_temporal_queries(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);
    private HttpClient Http => suite.Ordering.Server.CreateClient();

    private async Task<(HttpStatusCode Status, OrderDto? Order)> GetAsync(string query)
    {
        var response = await Http.GetAsync(query);
        return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<OrderDto>(SuiteClient.Json) : null);
    }

    [Fact]
    public async Task the_history_lists_every_fact_from_every_topic_oldest_first_with_its_coordinates()
    {
        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Shipped");

        var history = await Eventually.Until(() => _client.GetHistoryAsync(id), h => h.Count == 7, "seven facts in the history");
        Assert.Equal(
            ["orders.order-created.v3", "orders.item-added.v1", "orders.order-placed.v1", "payments.payment-captured.v1",
             "orders.order-paid.v1", "shipping.order-shipped.v1", "orders.order-shipped.v1"],
            history.Select(h => h.Type));

        // Each entry is exactly the record on the topic: same event id, partition and offset.
        var records = TopicCatalog.All.Where(t => t.Kind == TopicKind.Events)
            .SelectMany(t => TopicReader.ReadAll(suite.Kafka.BootstrapServers, t.Name, id.ToString())).ToList();
        Assert.Equal(records.Select(r => (Guid.Parse(r.EventId), r.Topic, (int?)r.Partition, (long?)r.Offset)).OrderBy(x => x.Item1),
            history.Select(h => (h.EventId, h.Topic, h.Partition, h.Offset)).OrderBy(x => x.EventId));
        Assert.All(history, h => Assert.False(string.IsNullOrEmpty(h.CorrelationId)));
        // The saga (a batched listener, not a Wolverine handler) stamps what it sends as Wolverine stamps a handler's
        // cascaded messages: the answer's correlation, and the conversation the answer belongs to.
        var captured = history.Single(h => h.Type == "payments.payment-captured.v1");
        var paid = history.Single(h => h.Type == "orders.order-paid.v1");
        Assert.Equal((captured.CorrelationId, captured.CausationId), (paid.CorrelationId, paid.CausationId));
        Assert.NotNull(paid.CausationId);
        Assert.Equal(id, history[0].Data.GetProperty("orderId").GetGuid());
        Assert.Equal(3, history.Single(h => h.Type == "orders.order-created.v3").Version);
    }

    [Fact]
    public async Task the_order_at_each_version_is_the_fold_of_its_first_facts()
    {
        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Shipped");
        await Eventually.Until(() => _client.GetHistoryAsync(id), h => h.Count == 7, "the full history");

        var expected = new[] { (1, "Created", 0m), (2, "Created", 25m), (3, "Placed", 25m), (4, "Paid", 25m), (5, "Shipped", 25m) };
        foreach (var (version, status, total) in expected)
        {
            var (code, order) = await GetAsync($"/orders/{id}?version={version}");
            Assert.Equal(HttpStatusCode.OK, code);
            Assert.Equal((version, status, total), (order!.Version, order.Status, order.Total));
        }
        // Past the last version there is no such order, not the latest one under a version it never had.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/orders/{id}?version=6")).Status);
    }

    [Fact]
    public async Task the_order_as_of_an_instant_is_what_was_known_then()
    {
        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Shipped");
        var history = await Eventually.Until(() => _client.GetHistoryAsync(id), h => h.Count == 7, "the full history");
        var at = (string type) => Uri.EscapeDataString(history.Single(h => h.Type == type).Timestamp.ToString("O"));

        Assert.Equal("Placed", (await GetAsync($"/orders/{id}?asOf={at("orders.order-placed.v1")}")).Order!.Status);
        Assert.Equal("Paid", (await GetAsync($"/orders/{id}?asOf={at("orders.order-paid.v1")}")).Order!.Status);
        Assert.Equal("Shipped", (await GetAsync($"/orders/{id}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}")).Order!.Status);

        var before = history[0].Timestamp.AddSeconds(-1).ToString("O");
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/orders/{id}?asOf={Uri.EscapeDataString(before)}")).Status);
    }

    [Theory]
    [InlineData("asOf=yesterday")]
    [InlineData("version=0")]
    [InlineData("version=two")]
    [InlineData("minVersion=-1")]
    [InlineData("asOf=2026-01-01T00:00:00Z&version=1")]
    public async Task a_malformed_temporal_query_answers_400(string query) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync($"/orders/{Guid.NewGuid()}?{query}")).Status);

    [Fact]
    public async Task a_read_asking_for_the_version_a_command_produced_sees_at_least_that_version()
    {
        var id = await _client.CreateOrderAsync();
        var added = await _client.PostAsync($"/orders/{id}/items", new { sku = "SKU-9", quantity = 1, unitPrice = 1 });
        var version = (await added.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.Version;

        var (code, order) = await GetAsync($"/orders/{id}?minVersion={version}");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(order!.Version >= version);
        Assert.Contains(order.Items, i => i.Sku == "SKU-9");
    }

    [Fact]
    public async Task a_read_asking_for_a_version_the_read_model_does_not_reach_in_time_answers_503_saying_how_far_behind()
    {
        var id = await _client.CreateOrderAsync();
        await _client.WaitForOrderAsync(id, o => o.Version == 2, "readable");

        // A slow projection: the view's row is locked, so the placed order's version waits behind the lock.
        await using var connection = new NpgsqlConnection(suite.OrderingDatabase);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand("select 1 from ordering.mt_doc_orderview where id = @id for update", connection, transaction))
            {
                lockRow.Parameters.AddWithValue("id", id);
                Assert.Equal(1, await lockRow.ExecuteScalarAsync());
            }
            var placed = await _client.PostAsync($"/orders/{id}/place");
            var version = (await placed.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.Version;

            var response = await Http.GetAsync($"/orders/{id}?minVersion={version}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((2, version), (problem.GetProperty("projectionVersion").GetInt32(), problem.GetProperty("requestedVersion").GetInt32()));
            await transaction.RollbackAsync();
        }

        var (code, order) = await GetAsync($"/orders/{id}?minVersion=3"); // the projection caught up (the order may have moved on since)
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(order!.Version >= 3, $"version {order.Version}");
    }

    [Fact]
    public async Task a_read_asking_for_a_version_no_command_produced_answers_404_at_once()
    {
        var id = await _client.CreateOrderAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var beyond = await Http.GetAsync($"/orders/{id}?minVersion=50");
        var unknown = await Http.GetAsync($"/orders/{Guid.NewGuid()}?minVersion=2147483647");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (beyond.StatusCode, unknown.StatusCode));
        Assert.Contains("no command has produced version 50", await beyond.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed}: it waited for the read model (5 s) instead"); // not a timing target: the wait it must not do
    }

    [Fact]
    public async Task the_history_of_an_unknown_order_answers_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/orders/{Guid.NewGuid()}/history")).StatusCode);
}
