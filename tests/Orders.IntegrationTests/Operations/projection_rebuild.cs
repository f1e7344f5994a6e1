using System.Net;
using System.Net.Http.Json;
using Alba;
using Npgsql;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Operations;

/// <summary>Replay after a bug: a damaged projection is rebuilt from offset 0 into a fresh copy, compared, and swapped in.</summary>
[Collection(SuiteCollection.Name)]
public sealed class projection_rebuild(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    private HttpClient Admin(IAlbaHost? service = null) => SuiteClient.Admin(service ?? suite.Ordering);

    private Task<RebuildReportDto> RebuildAsync(string swap, IAlbaHost? service = null, string projection = "orders") =>
        Rebuilds.RunAsync(service ?? suite.Ordering, projection, swap);

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
    public async Task payments_and_shipments_damaged_or_lost_are_repaired_from_their_own_topics()
    {
        var damaged = await _client.PlaceNewOrderAsync();
        var lost = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(damaged, "Shipped");
        await _client.WaitForStatusAsync(lost, "Shipped");

        // The "bugs": a payment that says declined, a payment gone; a shipment without its tracking number, a shipment gone.
        await Execute(suite.PaymentDatabase, "update payment.mt_doc_payment set data = replace(data::text, '\"Captured\"', '\"Declined\"')::jsonb where id = @id", damaged);
        await Execute(suite.PaymentDatabase, "delete from payment.mt_doc_payment where id = @id", lost);
        await Execute(suite.ShippingDatabase, "update shipping.mt_doc_shipment set data = replace(data::text, '\"TRK-', '\"XXX-')::jsonb where id = @id", damaged);
        await Execute(suite.ShippingDatabase, "delete from shipping.mt_doc_shipment where id = @id", lost);

        var compared = await RebuildAsync("never", suite.Payment, "payments");
        Assert.False(compared.Swapped);
        Assert.Contains(damaged, compared.Differing);
        Assert.Contains(lost, compared.Differing);
        Assert.Equal("Declined", (await _client.GetPaymentAsync(damaged))!.Status); // compare-only changes nothing
        Assert.False((await RebuildAsync("auto", suite.Payment, "payments")).Swapped); // they differ: auto leaves the live ones

        var repaired = await RebuildAsync("always", suite.Payment, "payments");
        Assert.True(repaired.Swapped);
        Assert.Equal("Captured", (await _client.GetPaymentAsync(damaged))!.Status);
        Assert.Equal("Captured", (await _client.GetPaymentAsync(lost))!.Status);

        // Shipping through "all": every projection of the service, one report each.
        var all = await Admin(suite.Shipping).PostAsync("/admin/projections/all/rebuild?swap=always", null);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var shipping = Assert.Single((await all.Content.ReadFromJsonAsync<List<RebuildReportDto>>(SuiteClient.Json))!);
        Assert.Equal("shipments", shipping.Projection);
        Assert.Contains(damaged, shipping.Differing);
        Assert.Contains(lost, shipping.Differing);
        Assert.True(shipping.Swapped);
        foreach (var id in new[] { damaged, lost })
            Assert.Equal(("Dispatched", $"TRK-{id.ToString("N")[..12].ToUpperInvariant()}"), ((await _client.GetShipmentAsync(id))!.Status, (await _client.GetShipmentAsync(id))!.TrackingNumber));

        // Repaired: the log and the live documents now agree on these orders, items, customer and recipient included.
        Assert.DoesNotContain(damaged, (await RebuildAsync("never", suite.Payment, "payments")).Differing);
        var shipments = await RebuildAsync("never", suite.Shipping, "shipments");
        Assert.DoesNotContain(damaged, shipments.Differing);
        Assert.DoesNotContain(lost, shipments.Differing);
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
    public async Task a_record_the_rebuild_cannot_read_is_counted_and_the_first_named_in_its_report()
    {
        await TopicReader.ProduceRawAsync(suite.Kafka.BootstrapServers, Topics.OrdersEvents, Guid.NewGuid(), "orders.order-created.v3", "not json"u8.ToArray());

        var report = await RebuildAsync("never");

        Assert.True(report.Undecodable >= 1, report.Summary); // other tests of this suite write poison to the topic too
        Assert.Contains("undecodable, skipped (first: orders-events/", report.Summary);
    }

    [Fact]
    public async Task a_rebuild_needs_the_admin_key_and_a_known_projection()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await suite.Ordering.Server.CreateClient().PostAsync("/admin/projections/orders/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin().PostAsync("/admin/projections/nonsense/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin().PostAsync("/admin/projections/orders/rebuild?swap=sometimes", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin(suite.Payment).PostAsync("/admin/projections/orders/rebuild", null)).StatusCode); // Ordering's, not Payment's
    }

    [Fact]
    public async Task every_projection_rebuilds_from_an_empty_log_with_nothing_to_rebuild()
    {
        // A service on a broker of its own whose topics hold nothing yet: the copy has no document to write, and the
        // comparison and the swap must still find its tables (they answered 500 when the first write created them).
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        async Task RebuildAllAsync<TService>(string name) where TService : class
        {
            await using var host = await suite.StartAsync<TService>(await suite.Postgres.CreateDatabaseAsync(name), ("Kafka:BootstrapServers", broker.BootstrapServers));
            var all = await SuiteClient.Admin(host).PostAsync("/admin/projections/all/rebuild?swap=always", null);
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            foreach (var report in (await all.Content.ReadFromJsonAsync<List<RebuildReportDto>>(SuiteClient.Json))!)
                Assert.Equal((0L, 0, true), (report.EventsRead, report.RebuiltDocuments, report.Swapped));
        }
        await RebuildAllAsync<global::Ordering.Api.Orders.Order>("ordering");
        await RebuildAllAsync<global::Payment.Api.Payments.PaymentSettings>("payment");
        await RebuildAllAsync<global::Shipping.Api.Shipments.ShippingSettings>("shipping");
    }

    [Fact]
    public async Task a_rebuild_asked_while_another_runs_answers_409_and_runs_once_that_one_is_done()
    {
        // Another replica's rebuild, as the lock sees it: a session holding the service's rebuild lock.
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(suite.OrderingDatabase) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("select pg_try_advisory_lock(hashtext(@key))", other))
        {
            take.Parameters.AddWithValue("key", Orders.ServiceDefaults.Rebuilding.RebuildLock.KeyFor("ordering"));
            Assert.True((bool)(await take.ExecuteScalarAsync())!);
        }

        var refused = await Admin().PostAsync("/admin/projections/orders/rebuild?swap=never", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("A rebuild is running", await refused.Content.ReadAsStringAsync());

        var otherSession = other.ProcessID;
        await other.CloseAsync(); // that rebuild ends: its session, and the lock, go (not pooled: a pooled session would keep it)
        // The server ends the session, and frees its locks, a moment after the client has closed: wait for that moment.
        await Eventually.Until(() => SessionsWithPidAsync(otherSession), count => count == 0, "the other rebuild's session to end");
        Assert.Equal(HttpStatusCode.OK, (await Admin().PostAsync("/admin/projections/orders/rebuild?swap=never", null)).StatusCode);
        // And the lock was given back: a third one runs too.
        Assert.Equal(HttpStatusCode.OK, (await Admin().PostAsync("/admin/projections/orders/rebuild?swap=never", null)).StatusCode);
    }

    private async Task<long> SessionsWithPidAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(suite.OrderingDatabase);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from pg_stat_activity where pid = @pid", connection);
        count.Parameters.AddWithValue("pid", pid);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private Task Execute(string sql, Guid id) => Execute(suite.OrderingDatabase, sql, id);

    private static Task Execute(string database, string sql, Guid id) => Rebuilds.ChangeOneRowAsync(database, sql, id);
}
