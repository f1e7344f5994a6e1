using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Rebuilding;
using Payment.Api.Payments;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// A rebuild of Payment's payments holds a slice of whole orders at a time, not the log: each slice is folded, written
/// into the copy and compared, and the swap folds again only the orders that differ. An order whose facts sit under two
/// partition numbers is folded whole all the same.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class rebuilding_in_slices(SuiteFixture suite)
{
    [Fact]
    public async Task a_rebuild_folding_a_few_records_at_a_time_finds_and_repairs_what_differs()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var orders = Enumerable.Range(0, 12).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var order in orders)
            await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, order, DateTimeOffset.UtcNow,
                new PaymentCaptured(order, Guid.CreateVersion7(), 12m, "EUR"));
        var database = await suite.Postgres.CreateDatabaseAsync("payment");
        var logs = new CapturedLogs();
        await using var payment = await suite.StartAsync<PaymentSettings>(database, logs.AddTo,
            ("Kafka:BootstrapServers", broker.BootstrapServers), (LogSlices.RecordsPerFoldSetting, "1"));
        var (damaged, lost) = (orders[3], orders[8]);
        await ExecuteAsync(database, "update payment.mt_doc_payment set data = replace(data::text, '\"Captured\"', '\"Declined\"')::jsonb where id = @id", damaged);
        await ExecuteAsync(database, "delete from payment.mt_doc_payment where id = @id", lost);

        var compared = await RebuildAsync(payment, "never");
        Assert.Equal((12, 11, false), (compared.RebuiltDocuments, compared.LiveDocuments, compared.Swapped));
        Assert.Equal(new[] { damaged, lost }.Order(), compared.Differing.Order());
        Assert.Contains(logs.Lines, line => line.Contains("Rebuild payments: slice") && Regex.Match(line, @"Passes=(\d+)") is { Success: true } m && int.Parse(m.Groups[1].Value) > 1);

        var repaired = await RebuildAsync(payment, "always");
        Assert.True(repaired.Swapped);
        foreach (var order in orders) Assert.Equal("Captured", await SuiteClient.PaymentStatusAsync(payment, order));
        Assert.Empty((await RebuildAsync(payment, "never")).Differing);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("in one piece"));
    }

    [Fact]
    public async Task an_order_whose_facts_sit_under_two_partition_numbers_is_compared_and_repaired_whole()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var order = Guid.CreateVersion7();
        await TopicReader.ProduceCaptureAndRefundApartAsync(broker.BootstrapServers, order);
        var database = await suite.Postgres.CreateDatabaseAsync("payment");
        var logs = new CapturedLogs();
        await using var payment = await suite.StartAsync<PaymentSettings>(database, logs.AddTo, ("Kafka:BootstrapServers", broker.BootstrapServers),
            (LogSlices.RecordsPerFoldSetting, "1")); // a partition number a slice: the two are read apart
        await ExecuteAsync(database, "update payment.mt_doc_payment set data = replace(data::text, '\"Refunded\"', '\"Captured\"')::jsonb where id = @id", order);

        Assert.Equal([order], (await RebuildAsync(payment, "never")).Differing);
        Assert.True((await RebuildAsync(payment, "always")).Swapped);

        // Folded slice by slice, the repair would be the capture alone: the refund would be lost again.
        Assert.Equal("Refunded", await SuiteClient.PaymentStatusAsync(payment, order));
        Assert.Contains(logs.Lines, line => line.Contains($"Rebuild payments: order {order} has records under two partition numbers"));
    }

    private static async Task<RebuildReportDto> RebuildAsync(IAlbaHost service, string swap)
    {
        var http = service.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SuiteFixture.AdminKey);
        var response = await http.PostAsync($"/admin/projections/payments/rebuild?swap={swap}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RebuildReportDto>(SuiteClient.Json))!;
    }

    private static async Task ExecuteAsync(string database, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
