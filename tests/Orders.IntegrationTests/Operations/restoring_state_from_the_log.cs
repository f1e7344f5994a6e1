using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Recovery;
using Payment.Api.Payments;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// A service starting on an empty database folds its own facts back from the log. A fact it cannot read would be missing
/// from that state and decided again (a second capture), so the restore refuses, naming the record, until an operator
/// either makes it readable or says it is no fact of the service.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class restoring_state_from_the_log(SuiteFixture suite)
{
    [Fact]
    public async Task an_unreadable_fact_of_its_own_topic_stops_the_restore_until_an_operator_acknowledges_it()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var captured = Guid.CreateVersion7();
        await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, captured, DateTimeOffset.UtcNow,
            new PaymentCaptured(captured, Guid.CreateVersion7(), 12m, "EUR"));
        var unreadable = await TopicReader.ProduceRecordAsync(broker.BootstrapServers, Topics.PaymentsEvents, Guid.CreateVersion7(),
            "payments.payment-captured.v1", [0xff, 0xfe, 0x00]);
        var database = await suite.Postgres.CreateDatabaseAsync("payment");
        var kafka = ("Kafka:BootstrapServers", broker.BootstrapServers);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            suite.StartAsync<PaymentSettings>(database, kafka, (RestoreFromLog.SkipUnreadableSetting, "")));
        var refusal = Assert.IsType<UnreadableFactsException>(Innermost(refused));
        Assert.Contains($"{Topics.PaymentsEvents}/{unreadable.Partition}@{unreadable.Offset}", refusal.Message);

        await using var payment = await suite.StartAsync<PaymentSettings>(database, kafka,
            (RestoreFromLog.SkipUnreadableSetting, unreadable.Id.ToString()));
        var restored = await payment.Server.CreateClient().GetAsync($"/payments/{captured}");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task a_restore_stopped_half_way_is_done_again_from_the_start_at_the_next_start()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var (written, notYet) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        foreach (var order in new[] { written, notYet })
            await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, order, DateTimeOffset.UtcNow,
                new PaymentCaptured(order, Guid.CreateVersion7(), 12m, "EUR"));
        var database = await suite.Postgres.CreateDatabaseAsync("payment");
        var kafka = ("Kafka:BootstrapServers", broker.BootstrapServers);
        await using (var payment = await suite.StartAsync<PaymentSettings>(database, kafka))
        {
            // What a restore stopped half-way leaves behind: its marker, one payment written and the other not yet.
            await using var session = payment.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.Store(new RestoreInProgress(nameof(global::Payment.Api.Payments.Payment), DateTimeOffset.UtcNow));
            session.Delete<global::Payment.Api.Payments.Payment>(notYet);
            await session.SaveChangesAsync();
        }

        await using var restarted = await suite.StartAsync<PaymentSettings>(database, kafka);

        Assert.Equal(("Captured", "Captured"), (await SuiteClient.PaymentStatusAsync(restarted, written), await SuiteClient.PaymentStatusAsync(restarted, notYet)));
        await using var query = restarted.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Null(await query.LoadAsync<RestoreInProgress>(nameof(global::Payment.Api.Payments.Payment)));
    }

    [Fact]
    public async Task a_log_with_more_records_than_a_fold_holds_is_restored_in_slices_of_whole_orders()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var orders = Enumerable.Range(0, 12).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var (order, i) in orders.Select((order, i) => (order, i)))
        {
            var captured = new PaymentCaptured(order, Guid.CreateVersion7(), 12m, "EUR");
            await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, order, DateTimeOffset.UtcNow,
                i % 2 == 0 ? [captured] : [captured, new PaymentRefunded(order, captured.PaymentId, 12m, "EUR")]);
        }
        var logs = new CapturedLogs();

        await using var payment = await suite.StartAsync<PaymentSettings>(await suite.Postgres.CreateDatabaseAsync("payment"), logs.AddTo,
            ("Kafka:BootstrapServers", broker.BootstrapServers), (LogSlices.RecordsPerFoldSetting, "1"));

        foreach (var (order, i) in orders.Select((order, i) => (order, i)))
            Assert.Equal(i % 2 == 0 ? "Captured" : "Refunded", await SuiteClient.PaymentStatusAsync(payment, order));
        // Folded a few orders at a time (a pass per record of a partition), never in one piece.
        Assert.Contains(logs.Lines, line => Regex.Match(line, @"Passes=(\d+)") is { Success: true } m && int.Parse(m.Groups[1].Value) > 1);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("in one piece"));
    }

    [Fact]
    public async Task an_order_whose_facts_sit_under_two_partition_numbers_is_restored_whole_from_the_log_in_one_piece()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var order = Guid.CreateVersion7();
        await TopicReader.ProduceCaptureAndRefundApartAsync(broker.BootstrapServers, order);
        var logs = new CapturedLogs();

        await using var payment = await suite.StartAsync<PaymentSettings>(await suite.Postgres.CreateDatabaseAsync("payment"), logs.AddTo,
            ("Kafka:BootstrapServers", broker.BootstrapServers),
            (LogSlices.RecordsPerFoldSetting, "1")); // a partition number a slice: the two are read apart

        // Folded partition by partition it would be a capture and a refund of nothing: the refund would be lost.
        Assert.Equal("Refunded", await SuiteClient.PaymentStatusAsync(payment, order));
        Assert.Contains(logs.Lines, line => line.Contains($"order {order} has records under two partition numbers"));
    }

    [Fact]
    public async Task a_fold_size_below_one_record_stops_the_restore_naming_the_setting()
    {
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        var order = Guid.CreateVersion7();
        await TopicReader.ProduceFactsAsync(broker.BootstrapServers, Topics.PaymentsEvents, order, DateTimeOffset.UtcNow,
            new PaymentCaptured(order, Guid.CreateVersion7(), 12m, "EUR"));

        var database = await suite.Postgres.CreateDatabaseAsync("payment");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => suite.StartAsync<PaymentSettings>(database,
            ("Kafka:BootstrapServers", broker.BootstrapServers), (LogSlices.RecordsPerFoldSetting, "0")));

        Assert.Contains($"{LogSlices.RecordsPerFoldSetting} is 0", Flatten(refused));
    }

    private static string Flatten(Exception e) => e.InnerException is { } inner ? $"{e.Message} | {Flatten(inner)}" : e.Message;

    /// <summary>The host's start wraps what a hosted service threw.</summary>
    private static Exception Innermost(Exception e) => e is not UnreadableFactsException && e.InnerException is { } inner ? Innermost(inner) : e;
}
