using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>
/// At-least-once delivery must never become a duplicate effect (ARCHITECTURE §5). The inbox drops a duplicate it still
/// remembers; these tests make it forget first, so the handlers' own guards are what is being proven.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class redelivery(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task the_same_events_and_commands_delivered_again_after_the_inbox_forgot_them_change_nothing()
    {
        var id = await _client.PlaceNewOrderAsync();
        var before = await _client.WaitForStatusAsync(id, "Shipped");
        var topics = TopicCatalog.All.Select(t => t.Name).ToList();
        var history = topics.ToDictionary(t => t, t => TopicReader.ReadAll(suite.Kafka.BootstrapServers, t, id.ToString()));

        // Every service forgets it ever saw this order's messages (as after the inbox's retention window)...
        var redelivered = history.SelectMany(h => h.Value).ToList();
        var ids = redelivered.Select(r => Guid.Parse(r.EventId)).ToArray();
        foreach (var database in new[] { suite.OrderingDatabase, suite.PaymentDatabase, suite.ShippingDatabase })
            await Inbox.ForgetAsync(database, ids);

        // ...and every record of the order arrives again, byte for byte, headers included.
        foreach (var record in redelivered) await TopicReader.ReproduceAsync(suite.Kafka.BootstrapServers, record);

        // Wait until each service has handled every redelivered record again: the Wolverine listeners' records are back
        // in the service's inbox as handled; Ordering's batched listeners (no inbox: the OrderView projection dedups by
        // event id, the saga by the order's state, each in its own transaction) have committed their offsets past them,
        // which they do only after applying them.
        foreach (var topic in new[] { Topics.OrdersEvents, Topics.PaymentsEvents, Topics.ShippingEvents })
            await ConsumerGroupOffsets.WaitUntilCaughtUpAsync(suite.Kafka.BootstrapServers,
                Orders.ServiceDefaults.Messaging.ConsumerGroups.ForTopic(suite.GroupPrefix, "ordering", topic), topic, $"Ordering's {topic} listener past the redelivered records");
        foreach (var (database, consumed) in new[]
                 {
                     (suite.PaymentDatabase, new[] { Topics.PaymentsCommands }),
                     (suite.ShippingDatabase, new[] { Topics.ShippingCommands }),
                 })
        {
            await Inbox.WaitUntilHandledAsync(database, consumed.SelectMany(t => history[t]).Select(r => Guid.Parse(r.EventId)).ToArray(), "redelivered records");
        }

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
    }
}
