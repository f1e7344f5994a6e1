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

    [Fact]
    public async Task a_fact_that_reaches_the_log_while_the_rebuild_reads_is_folded_into_what_the_swap_writes()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var captures = Enumerable.Range(0, 6).Select(_ => new PaymentCaptured(Guid.CreateVersion7(), Guid.CreateVersion7(), 12m, "EUR")).ToList();
        foreach (var capture in captures)
            await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, capture.OrderId, DateTimeOffset.UtcNow, capture);
        var database = await suite.Postgres.CreateDatabaseAsync("payment");
        var logs = new CapturedLogs();
        await using var payment = await suite.StartAsync<PaymentSettings>(database, logs.AddTo,
            ("Kafka:BootstrapServers", broker.BootstrapServers), (LogSlices.RecordsPerFoldSetting, "1"));
        var (damaged, refundedLate) = (captures[1], captures[4]);
        foreach (var order in new[] { damaged.OrderId, refundedLate.OrderId })
            await ExecuteAsync(database, "update payment.mt_doc_payment set data = replace(data::text, '\"Captured\"', '\"Declined\"')::jsonb where id = @id", order);

        // When the rebuild has folded its last slice, before it swaps: a refund reaches the log (written by another replica, say).
        var late = logs.When(Rebuilds.LastSliceFolded("payments"), () => TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents,
            refundedLate.OrderId, DateTimeOffset.UtcNow, new PaymentRefunded(refundedLate.OrderId, refundedLate.PaymentId, 12m, "EUR")).GetAwaiter().GetResult());
        var repaired = await RebuildAsync(payment, "always");
        await late.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal((true, 1L), (repaired.Swapped, repaired.CaughtUp));
        Assert.Equal(new[] { damaged.OrderId, refundedLate.OrderId }.Order(), repaired.Differing.Order());
        Assert.Equal("Captured", await SuiteClient.PaymentStatusAsync(payment, damaged.OrderId)); // as the copy has it
        Assert.Equal("Refunded", await SuiteClient.PaymentStatusAsync(payment, refundedLate.OrderId)); // the copy's, plus the late refund
        Assert.Empty((await RebuildAsync(payment, "never")).Differing);
    }

    private static Task<RebuildReportDto> RebuildAsync(IAlbaHost service, string swap) => Rebuilds.RunAsync(service, "payments", swap);

    private static Task ExecuteAsync(string database, string sql, Guid id) => Rebuilds.ChangeOneRowAsync(database, sql, id);
}
