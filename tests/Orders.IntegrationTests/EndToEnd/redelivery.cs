using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>
/// At-least-once delivery must never become a duplicate effect (docs/architecture.md §5). Every topic an order crosses is read
/// by a batched listener, which keeps no inbox to drop a duplicate: the handlers' own guards, in their own transactions,
/// are what this proves.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class redelivery(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task the_same_events_and_commands_delivered_again_change_nothing_and_park_nothing()
    {
        var id = await _client.PlaceNewOrderAsync();
        var before = await _client.WaitForStatusAsync(id, "Shipped");
        var topics = TopicCatalog.All.Select(t => t.Name).ToList();
        var history = topics.ToDictionary(t => t, t => TopicReader.ReadAll(suite.Kafka.BootstrapServers, t, id.ToString()));
        var audit = await Eventually.Until(() => _client.GetHistoryAsync(id), entries => entries.Count == 7, "seven facts in the order's history");

        // Every record of the order arrives again, byte for byte, headers included.
        var redelivered = history.SelectMany(h => h.Value).ToList();
        var ids = redelivered.Select(r => Guid.Parse(r.EventId)).ToArray();
        foreach (var record in redelivered) await TopicReader.ReproduceAsync(suite.Kafka.BootstrapServers, record);

        // Wait until each service has applied every redelivered record again. Every topic an order crosses is read by a
        // batched listener (no inbox: the OrderView projection dedups by event id, the saga and Payment and Shipping by
        // the state of the order, payment or shipment, each in its own transaction), which commits its offsets past a
        // record only after applying it.
        foreach (var (service, topic) in new[]
                 {
                     ("ordering", Topics.OrdersEvents), ("ordering", Topics.PaymentsEvents), ("ordering", Topics.ShippingEvents),
                     ("payment", Topics.PaymentsCommands), ("shipping", Topics.ShippingCommands),
                 })
            await ConsumerGroupOffsets.WaitUntilCaughtUpAsync(suite.Kafka.BootstrapServers,
                Orders.ServiceDefaults.Messaging.ConsumerGroups.ForTopic(suite.GroupPrefix, service, topic), topic, $"{service}'s {topic} listener past the redelivered records");

        // Applied, not parked: a listener also moves its offsets past a record it made a dead letter.
        foreach (var database in new[] { suite.OrderingDatabase, suite.PaymentDatabase, suite.ShippingDatabase })
            Assert.Empty(await Inbox.DeadLettersAsync(database, ids));

        var after = await _client.GetOrderAsync(id);
        Assert.NotNull(after);
        Assert.Equal(before, after with { Items = before!.Items }); // same status, total and version
        Assert.Equal(before.Items, after!.Items);
        Assert.Equal("Captured", (await _client.GetPaymentAsync(id))!.Status);
        Assert.Equal("Dispatched", (await _client.GetShipmentAsync(id))!.Status);
        foreach (var topic in topics)
        {
            var now = TopicReader.ReadAll(suite.Kafka.BootstrapServers, topic, id.ToString());
            // Only the replayed copies were added: no handler produced a new fact or command.
            Assert.Equal(history[topic].Select(r => r.EventId).ToHashSet(), now.Select(r => r.EventId).ToHashSet());
        }
        // The audit log holds each fact once, where the log first held it: a copy read again adds no entry and moves none.
        Assert.Equal(Coordinates(audit), Coordinates(await _client.GetHistoryAsync(id)));
    }

    private static List<(Guid, string, int?, long?)> Coordinates(IEnumerable<HistoryEntryDto> entries) =>
        entries.Select(e => (e.EventId, e.Topic, e.Partition, e.Offset)).OrderBy(e => e.EventId).ToList();
}
