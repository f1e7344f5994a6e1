using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Operations;

public sealed record RebuildReportDto(string Projection, long EventsRead, long Undecodable, double EventsPerSecond,
    int LiveDocuments, int RebuiltDocuments, List<Guid> Differing, bool Swapped, long CaughtUp, string Summary);

/// <summary>Replay after a bug: a damaged projection is rebuilt from offset 0 into a fresh copy, compared, and swapped in.</summary>
[Collection(SuiteCollection.Name)]
public sealed class projection_rebuild(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    private HttpClient Admin()
    {
        var http = suite.Ordering.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SuiteFixture.AdminKey);
        return http;
    }

    private async Task<RebuildReportDto> RebuildAsync(string swap)
    {
        var response = await Admin().PostAsync($"/admin/projections/orders/rebuild?swap={swap}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RebuildReportDto>(SuiteClient.Json))!;
    }

    [Fact]
    public async Task a_damaged_projection_is_found_by_comparison_and_repaired_by_replay()
    {
        var shipped = await _client.PlaceNewOrderAsync();
        var open = await _client.CreateOrderAsync();
        await _client.WaitForStatusAsync(shipped, "Shipped");
        await _client.WaitForOrderAsync(open, o => o.Version == 2, "readable");

        // The "bug": one order's read model says the wrong thing, another's is gone.
        await Execute("update ordering.mt_doc_orderview set data = replace(data::text, '\"Shipped\"', '\"Created\"')::jsonb where id = @id", shipped);
        await Execute("delete from ordering.mt_doc_orderview where id = @id", open);
        Assert.Equal("Created", (await _client.GetOrderAsync(shipped))!.Status);
        Assert.Null(await _client.GetOrderAsync(open));

        var compared = await RebuildAsync("never");
        Assert.False(compared.Swapped);
        Assert.Contains(shipped, compared.Differing);
        Assert.Contains(open, compared.Differing);
        Assert.True(compared.EventsRead >= 7);
        Assert.Equal("Created", (await _client.GetOrderAsync(shipped))!.Status); // compare-only changes nothing

        var repaired = await RebuildAsync("always");
        Assert.True(repaired.Swapped);
        var order = await _client.GetOrderAsync(shipped);
        Assert.Equal(("Shipped", 5), (order!.Status, order.Version));
        Assert.Equal(2, (await _client.GetOrderAsync(open))!.Version);

        // Now live and rebuilt agree, so an automatic rebuild finds nothing to repair and may swap.
        var again = await RebuildAsync("auto");
        Assert.DoesNotContain(shipped, again.Differing);
        Assert.DoesNotContain(open, again.Differing);
    }

    [Fact]
    public async Task rebuilding_from_a_log_that_mixes_v1_and_v2_events_gives_the_read_models_live_processing_gave()
    {
        var legacy = Guid.NewGuid();
        await TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, Orders.Contracts.Topics.OrdersEvents, legacy, "orders.order-created.v1", $$"""{"orderId":"{{legacy}}","customerId":"c-old"}""");
        await TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, Orders.Contracts.Topics.OrdersEvents, legacy, "orders.item-added.v1", $$"""{"orderId":"{{legacy}}","sku":"OLD","quantity":3,"unitPrice":2.5}""");
        var current = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(current, "Shipped");
        await _client.WaitForOrderAsync(legacy, o => o.Version == 2, "read from v1 records");

        var compared = await RebuildAsync("never");
        Assert.DoesNotContain(legacy, compared.Differing);
        Assert.DoesNotContain(current, compared.Differing);
    }

    [Fact]
    public async Task a_rebuild_needs_the_admin_key_and_a_known_projection()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await suite.Ordering.Server.CreateClient().PostAsync("/admin/projections/orders/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin().PostAsync("/admin/projections/nonsense/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin().PostAsync("/admin/projections/orders/rebuild?swap=sometimes", null)).StatusCode);
    }

    private async Task Execute(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(suite.OrderingDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
