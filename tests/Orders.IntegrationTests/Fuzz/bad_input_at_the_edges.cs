using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Fuzz;

/// <summary>
/// Thousands of malformed, oversized, wrongly typed and out-of-range requests, and malformed records on every topic:
/// no 5xx, no crash, no state change from anything rejected; every rejection a problem-details answer or a dead letter.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class bad_input_at_the_edges(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task thousands_of_invalid_requests_are_each_rejected_with_a_problem_and_change_nothing()
    {
        var witness = await _client.CreateOrderAsync();
        var before = await _client.WaitForOrderAsync(witness, o => o.Version == 2, "created with its item");
        var recordsBefore = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.OrdersEvents, witness.ToString()).Count;

        var http = suite.Ordering.Server.CreateClient();
        var failures = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        foreach (var request in new RequestFuzzer(new Random(20261128), witness).Generate(2000))
        {
            var response = await http.SendAsync(request.ToMessage());
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if ((int)response.StatusCode is < 400 or >= 500)
                failures.Add($"{(int)response.StatusCode} for {request}");
            else if (contentType != "application/problem+json")
                failures.Add($"{(int)response.StatusCode} without problem details ({contentType ?? "no body"}) for {request}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 2000 requests were not rejected properly:\n" + string.Join("\n", failures.Distinct().Take(30)));
        Assert.True(statuses.Keys.Count > 1, "the fuzzer should provoke more than one kind of rejection");
        var after = await _client.GetOrderAsync(witness);
        Assert.Equal((before!.Version, before.Total, before.Items.Count), (after!.Version, after.Total, after.Items.Count));
        Assert.Equal(recordsBefore, TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.OrdersEvents, witness.ToString()).Count);
    }

    /// <summary>Which service's database holds a topic's dead letters (the one that consumes it).</summary>
    private string ConsumerDatabase(string topic) => topic switch
    {
        Topics.PaymentsCommands => suite.PaymentDatabase,
        Topics.ShippingCommands => suite.ShippingDatabase,
        _ => suite.OrderingDatabase,
    };

    [Fact]
    public async Task malformed_records_on_every_topic_become_dead_letters_and_orders_keep_flowing()
    {
        var poison = new List<(Guid Id, string Topic, string What)>();
        foreach (var topic in TopicCatalog.All.Select(t => t.Name))
        {
            var key = Guid.NewGuid();
            var type = topic switch
            {
                Topics.OrdersEvents => "orders.order-placed.v1",
                Topics.PaymentsCommands => "payments.capture-payment.v1",
                Topics.PaymentsEvents => "payments.payment-captured.v1",
                Topics.ShippingCommands => "shipping.ship-order.v2",
                _ => "shipping.order-shipped.v1",
            };
            poison.Add((await TopicReader.ProduceRawAsync(suite.Kafka.BootstrapServers, topic, key, type, [0xff, 0xfe, 0x00, 0x13]), topic, "garbage bytes"));
            poison.Add((await TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, topic, key, type, """{"orderId":42,"amount":"lots"}"""), topic, "wrong field types"));
            poison.Add((await TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, topic, key, type, "{\"orderId\":\"" + new string('9', 300_000) + "\"}"), topic, "oversized value"));
            poison.Add((await TopicReader.ProduceJsonAsync(suite.Kafka.BootstrapServers, topic, key, "orders.order-teleported.v1", $$"""{"orderId":"{{key}}"}"""), topic, "unknown type"));
        }

        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Shipped");

        foreach (var group in poison.GroupBy(p => ConsumerDatabase(p.Topic)))
        {
            var ids = group.Select(p => p.Id).ToArray();
            var found = await Eventually.Settle(() => Inbox.DeadLettersAsync(group.Key, ids), f => f.Count == ids.Length);
            foreach (var (poisonId, topic, what) in group) Assert.True(found.ContainsKey(poisonId), $"the {what} record on {topic} is not a dead letter of its consumer");
        }
        foreach (var host in new[] { suite.Ordering, suite.Payment, suite.Shipping })
            Assert.Equal(HttpStatusCode.OK, (await host.Server.CreateClient().GetAsync("/health/ready")).StatusCode);
    }
}
