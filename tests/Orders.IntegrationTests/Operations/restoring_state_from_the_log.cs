using System.Net;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.IntegrationTests.Infrastructure;
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

    /// <summary>The host's start wraps what a hosted service threw.</summary>
    private static Exception Innermost(Exception e) => e is not UnreadableFactsException && e.InnerException is { } inner ? Innermost(inner) : e;
}
