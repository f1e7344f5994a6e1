using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Privacy;

/// <summary>A customer whose every personal value is unique to the test run, so finding one anywhere means a leak.</summary>
public sealed record Customer(string Id, string Name, string Email, string Street, string City, string PostalCode, string Country)
{
    public static Customer New(string first)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new($"c-{first.ToLowerInvariant()}-{tag}", $"{first} Quill{tag}", $"{first.ToLowerInvariant()}.{tag}@example.org",
            $"{tag} Larkspur Lane", $"Marrow{tag}", $"PC-{tag}", "GB");
    }

    /// <summary>What must never appear in clear (the country code alone is two letters and would match anything).</summary>
    public IEnumerable<string> Secrets => [Name, Email, Street, City, PostalCode];

    public object Request(params (string Sku, int Quantity, decimal UnitPrice)[] items) => new
    {
        customerId = Id, currency = "EUR", items = items.Select(i => new { sku = i.Sku, quantity = i.Quantity, unitPrice = i.UnitPrice }),
        customerName = Name, customerEmail = Email, shippingAddress = new { street = Street, city = City, postalCode = PostalCode, country = Country },
    };

    /// <summary>Names each secret of this customer found in the text, as text and as UTF-8 bytes would show it.</summary>
    public List<string> FoundIn(string text) => Secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();

    public List<string> FoundIn(byte[] bytes) => FoundIn(Encoding.UTF8.GetString(bytes));
}

public sealed record AddressDto(string Street, string City, string PostalCode, string Country);
public sealed record PersonalOrderDto(Guid OrderId, string Status, decimal Total, int Version, string? CustomerName, string? CustomerEmail, AddressDto? ShippingAddress);
public sealed record RecipientDto(string Name, string Street, string City, string PostalCode, string Country);
public sealed record PersonalShipmentDto(Guid OrderId, string Status, string? TrackingNumber, RecipientDto? Recipient);
public sealed record ErasureDto(string CustomerId, DateTimeOffset ErasedAt, List<Guid> DestroyedKeyIds, bool AlreadyErased);

public static class PersonalDataClient
{
    public static HttpClient Admin(this SuiteFixture suite) => SuiteClient.Admin(suite.Ordering);

    /// <summary>Creates and places an order for the customer, then waits until it is shipped.</summary>
    public static async Task<Guid> OrderAndShipAsync(this SuiteFixture suite, Customer customer)
    {
        var http = suite.Ordering.Server.CreateClient();
        var created = await http.PostAsJsonAsync("/orders", customer.Request(("SKU-1", 2, 12.50m)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/orders/{id}/place", null)).StatusCode);
        await new SuiteClient(suite).WaitForStatusAsync(id, "Shipped");
        return id;
    }

    public static async Task<ErasureDto> EraseAsync(this SuiteFixture suite, Customer customer)
    {
        var response = await suite.Admin().DeleteAsync($"/customers/{customer.Id}/personal-data");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ErasureDto>(SuiteClient.Json))!;
    }

    public static async Task<T> GetAsync<T>(this HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<T>(SuiteClient.Json))!;
    }

    public static async Task<string> GetTextAsync(this HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<PersonalOrderDto> OrderAsync(this SuiteFixture suite, Guid id, string query = "") =>
        suite.Ordering.Server.CreateClient().GetAsync<PersonalOrderDto>($"/orders/{id}{query}");

    /// <summary>Null while the read model has not seen the order yet (reads are eventually consistent).</summary>
    public static async Task<PersonalOrderDto?> TryOrderAsync(this SuiteFixture suite, Guid id)
    {
        var response = await suite.Ordering.Server.CreateClient().GetAsync($"/orders/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<PersonalOrderDto>(SuiteClient.Json);
    }

    public static Task<PersonalShipmentDto> ShipmentAsync(this SuiteFixture suite, Guid id) =>
        suite.Shipping.Server.CreateClient().GetAsync<PersonalShipmentDto>($"/shipments/{id}");

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
