using System.Net;
using System.Net.Http.Json;
using Alba;
using Ordering.Api.Orders;
using Orders.Contracts;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>
/// What must hold for every order once the suite is quiet, whatever failed on the way (issue: exactly-once effects
/// under at-least-once delivery). Reads the topics and the services' query endpoints; returns the violations.
/// </summary>
public sealed class InvariantChecker(string bootstrapServers, IAlbaHost ordering, IAlbaHost payment, IAlbaHost shipping)
{
    public async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyCollection<Guid> orders)
    {
        var keys = orders.Select(o => o.ToString()).ToHashSet();
        var topics = TopicCatalog.All.ToDictionary(t => t.Name, t => TopicReader.ReadAll(bootstrapServers, t.Name).Where(r => keys.Contains(r.Key)).ToList());
        var violations = new List<string>();

        foreach (var id in orders)
        {
            var key = id.ToString();
            List<TopicRecord> Of(string topic, string type) =>
                topics[topic].Where(r => r.Key == key && r.MessageType == type).DistinctBy(r => r.EventId).ToList();

            var order = await GetAsync<OrderView>(ordering, $"/orders/{id}");
            if (order?.Status is not ("Shipped" or "Cancelled")) { violations.Add($"{id}: stuck in {order?.Status ?? "nowhere"}"); continue; }

            var captures = Of(Topics.PaymentsEvents, "payments.payment-captured.v1").Count;
            var refunds = Of(Topics.PaymentsEvents, "payments.payment-refunded.v1").Count;
            var shipments = Of(Topics.ShippingEvents, "shipping.order-shipped.v1").Count;
            if (captures > 1) violations.Add($"{id}: captured {captures} times");
            if (order.Status == "Cancelled" && captures != refunds) violations.Add($"{id}: cancelled with {captures} capture(s) and {refunds} refund(s)");
            if (order.Status == "Shipped" && shipments != 1) violations.Add($"{id}: shipped with {shipments} shipment fact(s)");
            if (order.Status == "Cancelled" && shipments != 0) violations.Add($"{id}: cancelled but shipped");

            var paid = await GetAsync<PaymentView>(payment, $"/payments/{id}");
            if (captures == 1 && paid?.Status is not ("Captured" or "Refunded")) violations.Add($"{id}: payment reads {paid?.Status ?? "missing"} after a capture");
            var shipment = await GetAsync<ShipmentView>(shipping, $"/shipments/{id}");
            if (order.Status == "Shipped" && shipment?.Status != "Dispatched") violations.Add($"{id}: shipment reads {shipment?.Status ?? "missing"} for a shipped order");

            // The read model must equal the fold of the order's facts in the log.
            var facts = topics[Topics.OrdersEvents].Where(r => r.Key == key).DistinctBy(r => r.EventId).OrderBy(r => r.Offset)
                .Select(r => ContractDecoder.Decode(new LogRecord(r.Topic, r.Partition, r.Offset, default, r.Key, r.Headers, r.Value), new UpcastSettings()).Message)
                .OfType<object>();
            var folded = OrderFold.Fold(facts);
            if (folded is null || folded.Status.ToString() != order.Status || folded.Version != order.Version || folded.Total != order.Total)
                violations.Add($"{id}: read model {order.Status}/v{order.Version}/{order.Total} differs from the log's fold {folded?.Status}/v{folded?.Version}/{folded?.Total}");
        }
        return violations;
    }

    private static async Task<T?> GetAsync<T>(IAlbaHost host, string path) where T : class
    {
        var response = await host.Server.CreateClient().GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<T>(SuiteClient.Json) : null;
    }

    private sealed record OrderView(string Status, int Version, decimal Total);
    private sealed record PaymentView(string Status);
    private sealed record ShipmentView(string Status);
}
