using System.Diagnostics;
using System.Net;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.EndToEnd;

/// <summary>
/// One order's saga is one trace: the W3C trace context of the request that places the order travels in every
/// record's <c>parent-id</c> header, through all three services and both directions of every Kafka hop.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class tracing_across_services(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task every_record_of_a_placed_order_carries_the_trace_of_the_request_that_placed_it()
    {
        var id = await _client.CreateOrderAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{id}/place");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.OK, (await suite.Ordering.Server.CreateClient().SendAsync(request)).StatusCode);
        await _client.WaitForStatusAsync(id, "Shipped");

        string[] topics = [Topics.OrdersEvents, Topics.PaymentsCommands, Topics.PaymentsEvents, Topics.ShippingCommands, Topics.ShippingEvents];
        var records = topics
            .SelectMany(topic => TopicReader.ReadAll(suite.Kafka.BootstrapServers, topic, id.ToString()))
            .Select(r => (r.MessageType, TraceId: TraceIdOf(r.Headers.GetValueOrDefault("parent-id"))))
            .ToList();
        var beforePlacing = records.Where(r => r.MessageType is "orders.order-created.v3" or "orders.item-added.v1").ToList();
        var saga = records.Except(beforePlacing).ToList();

        Assert.Equal(7, saga.Count); // placed, capture, captured, paid, ship, shipped (shipping), shipped (orders)
        Assert.All(saga, r => Assert.True(r.TraceId == traceId.ToHexString(), $"{r.MessageType} belongs to trace {r.TraceId ?? "(none)"}"));
        // The order was created by another request, so its first event belongs to another trace.
        Assert.All(beforePlacing, r => Assert.True(r.TraceId is not null && r.TraceId != traceId.ToHexString(), $"{r.MessageType} has trace {r.TraceId ?? "(none)"}"));
    }

    private static string? TraceIdOf(string? traceParent) => traceParent?.Split('-') is [_, var trace, _, _] ? trace : null;
}
