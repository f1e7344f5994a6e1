using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alba;

namespace Orders.IntegrationTests.Infrastructure;

public sealed record OrderDto(Guid OrderId, string CustomerId, string Status, string Currency, List<OrderItemDto> Items, decimal Total, int Version);
public sealed record OrderItemDto(string Sku, int Quantity, decimal UnitPrice);
public sealed record AcceptedDto(Guid OrderId, string Status, int Version);
public sealed record PaymentDto(Guid OrderId, Guid PaymentId, string Status, decimal Amount, string Currency);
public sealed record ShipmentDto(Guid OrderId, string Status, string? TrackingNumber);
public sealed record HistoryEntryDto(Guid EventId, string Type, int Version, string Topic, int? Partition, long? Offset,
    DateTimeOffset Timestamp, string? CorrelationId, Guid? CausationId, JsonElement Data);

/// <summary>The suite seen from outside, through HTTP only, the way a client of the README would use it.</summary>
public sealed class SuiteClient(SuiteFixture suite)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private HttpClient Ordering => suite.Ordering.Server.CreateClient();

    public async Task<Guid> CreateOrderAsync(decimal unitPrice = 12.50m, int quantity = 2, string customerId = "c-1")
    {
        var response = await Ordering.PostAsJsonAsync("/orders", new { customerId, currency = "EUR", items = new[] { new { sku = "SKU-1", quantity, unitPrice } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>(Json))!.OrderId;
    }

    /// <summary>
    /// Places an order under an idempotency key, whose id (<c>CreateOrderEndpoint.OrderIdFor(customerId, key)</c>) a test
    /// knows in advance: to put records in front of the order's own on its partition, or to aim a fault at it.
    /// </summary>
    public async Task PlaceKeyedOrderAsync(Guid expectedId, string customerId, string idempotencyKey)
    {
        var created = await PostAsync("/orders", new { customerId, currency = "EUR", items = new[] { new { sku = "SKU-1", quantity = 1, unitPrice = 10m } } }, idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(expectedId, (await created.Content.ReadFromJsonAsync<AcceptedDto>(Json))!.OrderId);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/orders/{expectedId}/place")).StatusCode);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? Ordering.PostAsync(path, null) : Ordering.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PostAsync(string path, object body, string idempotencyKey)
    {
        var http = Ordering;
        http.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        return http.PostAsJsonAsync(path, body);
    }

    public async Task<Guid> PlaceNewOrderAsync(decimal unitPrice = 12.50m)
    {
        var id = await CreateOrderAsync(unitPrice);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/orders/{id}/place")).StatusCode);
        return id;
    }

    public Task<OrderDto?> GetOrderAsync(Guid id) => GetAsync<OrderDto>(suite.Ordering, $"/orders/{id}");
    public Task<PaymentDto?> GetPaymentAsync(Guid id) => GetAsync<PaymentDto>(suite.Payment, $"/payments/{id}");
    public Task<ShipmentDto?> GetShipmentAsync(Guid id) => GetAsync<ShipmentDto>(suite.Shipping, $"/shipments/{id}");
    /// <summary>The order's audit log (<c>GET /orders/{id}/history</c>); throws if it does not answer 200.</summary>
    public async Task<List<HistoryEntryDto>> GetHistoryAsync(Guid id) =>
        (await Ordering.GetFromJsonAsync<List<HistoryEntryDto>>($"/orders/{id}/history", Json))!;

    public Task<OrderDto?> WaitForOrderAsync(Guid id, Func<OrderDto, bool> done, string what) =>
        Eventually.Until(() => GetOrderAsync(id), o => o is not null && done(o), $"order {id} to be {what}");

    public Task<OrderDto?> WaitForStatusAsync(Guid id, string status) => WaitForOrderAsync(id, o => o.Status == status, status);

    /// <summary>A payment's status as a Payment host of its own answers it (a restore's or a rebuild's test); null for 404.</summary>
    public static async Task<string?> PaymentStatusAsync(IAlbaHost payment, Guid order) => (await GetAsync<PaymentDto>(payment, $"/payments/{order}"))?.Status;

    /// <summary>A client of the service that sends the admin key, for its <c>/admin</c> and personal-data routes.</summary>
    public static HttpClient Admin(IAlbaHost service)
    {
        var http = service.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SuiteFixture.AdminKey);
        return http;
    }

    private static async Task<T?> GetAsync<T>(IAlbaHost host, string path) where T : class
    {
        var response = await host.Server.CreateClient().GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json);
    }
}
