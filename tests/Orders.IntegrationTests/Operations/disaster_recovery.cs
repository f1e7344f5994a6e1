using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using System.Net;
using Alba;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;
using Orders.Tools.Backup;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// The restore drill: every topic exported, a new empty broker and empty databases, the backup imported, the services
/// started. Every answer comes back the same, and replaying the log captures no payment and ships no parcel again.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class disaster_recovery(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task an_export_restored_into_an_empty_broker_and_empty_databases_answers_exactly_as_before_with_no_effect_repeated()
    {
        // A mix of fates: shipped, declined, cancelled before placing, cancelled after payment (refunded).
        var shipped = await _client.PlaceNewOrderAsync();
        var declined = await _client.PlaceNewOrderAsync(unitPrice: 7_000m);
        var early = await _client.CreateOrderAsync();
        await _client.PostAsync($"/orders/{early}/cancel");
        var refunded = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(refunded, "Paid");
        await _client.PostAsync($"/orders/{refunded}/cancel");

        await _client.WaitForStatusAsync(shipped, "Shipped");
        await _client.WaitForStatusAsync(declined, "Cancelled");
        await _client.WaitForStatusAsync(early, "Cancelled");
        await _client.WaitForStatusAsync(refunded, "Cancelled");
        await Eventually.Until(() => _client.GetPaymentAsync(refunded), p => p?.Status == "Refunded", "the refund");
        Guid[] orders = [shipped, declined, early, refunded];
        var before = await AnswersAsync(suite.Ordering, suite.Payment, suite.Shipping, orders);

        var backup = new MemoryStream();
        await new TopicExporter(suite.Kafka.BootstrapServers, TextWriter.Null).ExportAsync(TopicCatalog.All.Select(t => t.Name), backup);

        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        backup.Position = 0;
        await new TopicImporter(broker.BootstrapServers, TextWriter.Null).ImportAsync(backup, force: false);
        var imported = TopicCatalog.All.ToDictionary(t => t.Name, t => TopicReader.ReadAll(broker.BootstrapServers, t.Name));

        var paymentDatabase = await suite.Postgres.CreateDatabaseAsync("payment");
        var shippingDatabase = await suite.Postgres.CreateDatabaseAsync("shipping");
        var kafka = ("Kafka:BootstrapServers", broker.BootstrapServers);
        await using var ordering = await suite.StartAsync<global::Ordering.Api.Orders.Order>(await suite.Postgres.CreateDatabaseAsync("ordering"), kafka);
        await using var payment = await suite.StartAsync<global::Payment.Api.Payments.PaymentSettings>(paymentDatabase, kafka);
        await using var shipping = await suite.StartAsync<global::Shipping.Api.Shipments.ShippingSettings>(shippingDatabase, kafka, ("Shipping:DispatchDelay", "00:00:00.2"));

        // Replaying every command already answered must decide nothing: wait until both services have applied all of them
        // (their batched listeners commit a group's offsets only past what they applied, or parked as a dead letter: poison
        // records other tests wrote to these topics).
        foreach (var (service, topic) in new[] { ("payment", Topics.PaymentsCommands), ("shipping", Topics.ShippingCommands) })
            await ConsumerGroupOffsets.WaitUntilCaughtUpAsync(broker.BootstrapServers,
                ConsumerGroups.ForTopic(suite.GroupPrefix, service, topic), topic, $"the replayed {topic} applied");
        // Applied, not parked (a listener also moves past a record it made a dead letter): no readable command is a dead letter.
        Assert.Empty(await Inbox.DeadLettersAsync(paymentDatabase, Readable(imported[Topics.PaymentsCommands])));
        Assert.Empty(await Inbox.DeadLettersAsync(shippingDatabase, Readable(imported[Topics.ShippingCommands])));
        var after = await Eventually.Settle(() => AnswersAsync(ordering, payment, shipping, orders), a => a.SequenceEqual(before));
        Assert.Equal(before, after);

        foreach (var topic in new[] { Topics.PaymentsEvents, Topics.ShippingEvents, Topics.OrdersEvents })
        {
            var now = TopicReader.ReadAll(broker.BootstrapServers, topic);
            foreach (var id in orders)
                Assert.Equal(imported[topic].Where(r => r.Key == id.ToString()).Select(r => r.EventId).Order(),
                    now.Where(r => r.Key == id.ToString()).Select(r => r.EventId).Order());
        }
    }

    /// <summary>The raw JSON each service answers for each order (404s included), in a fixed order.</summary>
    private static async Task<List<string>> AnswersAsync(IAlbaHost ordering, IAlbaHost payment, IAlbaHost shipping, Guid[] orders)
    {
        var answers = new List<string>();
        foreach (var id in orders)
            foreach (var (host, path) in new[] { (ordering, $"/orders/{id}"), (payment, $"/payments/{id}"), (shipping, $"/shipments/{id}") })
            {
                var response = await host.Server.CreateClient().GetAsync(path);
                answers.Add(response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : $"{path}: {(int)response.StatusCode}");
            }
        return answers;
    }

    private static Guid[] Readable(IEnumerable<TopicRecord> records) => records
        .Where(r => ContractDecoder.Decode(r.AsLogRecord(), new UpcastSettings()).Message is not null)
        .Select(r => Guid.Parse(r.EventId)).ToArray();
}
