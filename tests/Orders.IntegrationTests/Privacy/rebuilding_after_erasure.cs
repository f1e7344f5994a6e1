using System.Net;
using System.Net.Http.Json;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Privacy;

/// <summary>Replaying the log cannot bring an erased customer back: the keys are gone, so rebuilt copies read as erased too.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class rebuilding_after_erasure(PrivacyFixture suite)
{
    private const string Erased = "[erased]";

    [Fact]
    public async Task a_projection_rebuilt_from_offset_0_after_erasure_holds_nothing_of_the_erased_customer()
    {
        var ada = Customer.New("Ada");
        var grace = Customer.New("Grace");
        var adaOrder = await suite.OrderAndShipAsync(ada);
        var graceOrder = await suite.OrderAndShipAsync(grace);
        await suite.EraseAsync(ada);
        await Eventually.Until(() => suite.OrderAsync(adaOrder), o => o.CustomerName == Erased, "ada's order to be masked");

        var response = await suite.Admin().PostAsync("/admin/projections/orders/rebuild?swap=auto", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<RebuildReportDto>(SuiteClient.Json))!;
        // The masked live copy and the copy folded from the log with today's keys agree, so the rebuild swaps itself in.
        Assert.Empty(report.Differing);
        Assert.True(report.Swapped);

        var adaRebuilt = await suite.OrderAsync(adaOrder);
        Assert.Equal((Erased, Erased, "Shipped"), (adaRebuilt.CustomerName, adaRebuilt.ShippingAddress!.Street, adaRebuilt.Status));
        Assert.Equal(grace.Email, (await suite.OrderAsync(graceOrder)).CustomerEmail);

        // Nothing of ada in the live tables; the rebuild's copy (schema ordering_rebuild) is dropped when the rebuild ends:
        // decoded with the keys of its moment, it would hold a customer erased later in clear.
        var dump = await suite.DumpAsync(suite.OrderingDatabase);
        Assert.DoesNotContain("ordering_rebuild.mt_doc_orderview", dump);
        Assert.Empty(ada.FoundIn(dump));
        Assert.Contains(grace.Name, dump);
        Assert.Empty(ada.FoundIn(suite.Logs.All));
    }

    [Fact]
    public async Task a_service_restored_from_the_log_onto_an_empty_database_knows_the_erased_customer_only_as_erased()
    {
        var ada = Customer.New("Ada");
        var grace = Customer.New("Grace");
        var adaOrder = await suite.OrderAndShipAsync(ada);
        await suite.OrderAndShipAsync(grace);
        await suite.EraseAsync(ada);
        await Eventually.Until(() => suite.OrderAsync(adaOrder), o => o.CustomerName == Erased, "ada's order to be masked");

        // Disaster recovery: a new Ordering on an empty database refills its order snapshots from orders-events.
        var database = await suite.Postgres.CreateDatabaseAsync("ordering_restored");
        await using var restored = await suite.StartAsync<global::Ordering.Api.Orders.Order>(database, ("Kafka:GroupPrefix", $"restore-{Guid.NewGuid():N}"[..16]));
        var http = SuiteClient.Admin(restored);

        var adaExport = await http.GetTextAsync($"/customers/{ada.Id}/personal-data");
        Assert.Contains(adaOrder.ToString(), adaExport);
        Assert.Empty(ada.FoundIn(adaExport));
        Assert.Contains(Erased, adaExport);
        Assert.Contains(grace.Email, await http.GetTextAsync($"/customers/{grace.Id}/personal-data"));
        Assert.Empty(ada.FoundIn(await suite.DumpAsync(database)));
    }
}
