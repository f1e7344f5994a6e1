using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Privacy;

/// <summary>Sealed values are bound to their event id: copied into another event they do not open, they are refused.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class replaying_sealed_data(PrivacyFixture suite)
{
    [Fact]
    public async Task a_sealed_value_copied_into_a_forged_event_fails_authentication_and_becomes_a_dead_letter()
    {
        var ada = Customer.New("Ada");
        var original = await suite.OrderAndShipAsync(ada);
        var created = TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.OrdersEvents, original.ToString()).Single(r => r.MessageType == "orders.order-created.v3");

        // The forger keeps the ciphertexts and writes them into a new order's creation, under a new event id.
        var forgedOrder = Guid.NewGuid();
        var body = JsonNode.Parse(created.Value)!.AsObject();
        body["orderId"] = forgedOrder.ToString();
        var forged = await TopicReader.ProduceRawAsync(suite.Kafka.BootstrapServers, Topics.OrdersEvents, forgedOrder, "orders.order-created.v3", Encoding.UTF8.GetBytes(body.ToJsonString()));

        var admin = suite.Admin();
        await Eventually.Until(async () => await (await admin.PostAsJsonAsync("/admin/dead-letters", new { limit = 1000 })).Content.ReadAsStringAsync(),
            listed => listed.Contains(forged.ToString()), "the forged record in the dead letters");
        // Refused for its seal (the tag binds the value to its original event id), not for any other fault.
        Assert.Contains("authentication tag", (await Inbox.DeadLettersAsync(suite.OrderingDatabase, [forged]))[forged], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await suite.Ordering.Server.CreateClient().GetAsync($"/orders/{forgedOrder}")).StatusCode);
        Assert.Equal(ada.Name, (await suite.OrderAsync(original)).CustomerName); // the genuine event still opens
    }
}
