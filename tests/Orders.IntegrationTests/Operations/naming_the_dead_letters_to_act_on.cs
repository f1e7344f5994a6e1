using System.Net;
using System.Net.Http.Json;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;
using Orders.IntegrationTests.Privacy;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// Wolverine's replay and discard act on every dead letter when given no id; the admin API refuses a request that
/// names none, and a dead letter stays until a request names it.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class naming_the_dead_letters_to_act_on(SuiteFixture suite)
{
    [Fact]
    public async Task a_replay_or_discard_that_names_no_dead_letter_is_refused_and_touches_none()
    {
        var poison = await TopicReader.ProduceRawAsync(suite.Kafka.BootstrapServers, Topics.OrdersEvents, Guid.NewGuid(), "orders.order-created.v2", [0xde, 0xad]);
        await Eventually.Until(() => Inbox.DeadLettersAsync(suite.OrderingDatabase, [poison]), d => d.Count == 1, "the unreadable record among Ordering's dead letters");

        var admin = suite.Admin(); // Ordering's API with the admin key
        foreach (var body in new object[] { new { }, new { ids = Array.Empty<Guid>() }, new { ids = (Guid[]?)null } })
        {
            var replay = await admin.PostAsJsonAsync("/admin/dead-letters/replay", body);
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
            Assert.Contains("No dead letters named", await replay.Content.ReadAsStringAsync());
            var discard = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/admin/dead-letters") { Content = JsonContent.Create(body) });
            Assert.Equal(HttpStatusCode.BadRequest, discard.StatusCode);
        }
        Assert.Single(await Inbox.DeadLettersAsync(suite.OrderingDatabase, [poison]));

        // Named, it goes.
        var named = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/admin/dead-letters") { Content = JsonContent.Create(new { ids = new[] { poison } }) });
        Assert.True(named.IsSuccessStatusCode, $"discard answered {named.StatusCode}");
        Assert.Empty(await Inbox.DeadLettersAsync(suite.OrderingDatabase, [poison]));
    }
}
