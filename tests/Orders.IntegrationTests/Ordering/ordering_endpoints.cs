using System.Net;
using System.Net.Http.Json;
using Alba;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Ordering;

/// <summary>Each Ordering endpoint and each of its error answers, against the real host, broker and database.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ordering_endpoints(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);
    private static readonly object ValidOrder = new { customerId = "c-1", currency = "EUR", items = new[] { new { sku = "SKU-1", quantity = 2, unitPrice = 12.50m } } };

    private List<TopicRecord> OrderEvents(Guid id) => TopicReader.ReadAll(suite.Kafka.BootstrapServers, Topics.OrdersEvents, id.ToString());

    [Fact]
    public async Task creating_an_order_answers_201_with_its_location_and_id_and_the_order_becomes_readable()
    {
        var result = await suite.Ordering.Scenario(s =>
        {
            s.Post.Json(ValidOrder).ToUrl("/orders");
            s.StatusCodeShouldBe(201);
        });
        var accepted = await result.ReadAsJsonAsync<AcceptedDto>();
        Assert.Equal($"/orders/{accepted!.OrderId}", result.Context.Response.Headers.Location.ToString());

        var order = await _client.WaitForOrderAsync(accepted.OrderId, o => o.Version == accepted.Version, "readable");
        Assert.Equal(("c-1", "Created", "EUR", 25.00m), (order!.CustomerId, order.Status, order.Currency, order.Total));
        Assert.Equal([new OrderItemDto("SKU-1", 2, 12.50m)], order.Items);
    }

    [Fact]
    public async Task the_same_request_with_the_same_idempotency_key_returns_the_same_order_and_creates_nothing_new()
    {
        var key = Guid.NewGuid().ToString();
        var first = await suite.Ordering.Scenario(s =>
        {
            s.Post.Json(ValidOrder).ToUrl("/orders");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBe(201);
        });
        var second = await suite.Ordering.Scenario(s =>
        {
            s.Post.Json(ValidOrder).ToUrl("/orders");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBe(200);
        });
        var id = (await first.ReadAsJsonAsync<AcceptedDto>())!.OrderId;
        Assert.Equal(id, (await second.ReadAsJsonAsync<AcceptedDto>())!.OrderId);
        await _client.WaitForOrderAsync(id, o => o.Version == 2, "readable");
        Assert.Single(OrderEvents(id), r => r.MessageType == "orders.order-created.v3");
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{"currency":"EUR","items":[]}""", "customerId" },
        { """{"customerId":"c-1","currency":"EURO","items":[]}""", "currency" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"","quantity":1,"unitPrice":1}]}""", "items[0].sku" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":0,"unitPrice":1}]}""", "items[0].quantity" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":1,"unitPrice":-1}]}""", "items[0].unitPrice" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":1,"unitPrice":0.001}]}""", "items[0].unitPrice" },
        // U+0000 would be accepted and then refused by the database (a 503 retried for ever); other control characters are mistakes.
        { """{"customerId":"c-1\u0000","currency":"EUR","items":[]}""", "customerId" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"A\u0000","quantity":1,"unitPrice":1}]}""", "items[0].sku" },
        { """{"customerId":"c-1","currency":"EUR","items":[{"sku":"A\u0007","quantity":1,"unitPrice":1}]}""", "items[0].sku" },
        {
            """{"customerId":"c-1","currency":"EUR","items":[],"customerName":"Ada\u0000","customerEmail":"ada@example.com","shippingAddress":{"street":"1 Way","city":"Town","postalCode":"1","country":"GB"}}""",
            "customerName"
        },
    };

    [Fact]
    public async Task a_cancellation_reason_with_a_control_character_is_rejected_and_one_with_line_breaks_accepted()
    {
        var id = await _client.CreateOrderAsync();
        var refused = await _client.PostAsync($"/orders/{id}/cancel", new { reason = "changed my mind\u0000" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"reason\"", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/orders/{id}/cancel", new { reason = "changed my mind:\n\ttoo slow" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task an_invalid_order_is_rejected_with_400_naming_the_field(string body, string field)
    {
        var response = await suite.Ordering.Server.CreateClient().PostAsync("/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":"two","unitPrice":1}]}""")]
    public async Task malformed_json_is_rejected_with_400(string body)
    {
        var response = await suite.Ordering.Server.CreateClient().PostAsync("/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("items")]
    [InlineData("place")]
    [InlineData("cancel")]
    public async Task a_command_on_an_unknown_order_answers_404(string command)
    {
        var response = await _client.PostAsync($"/orders/{Guid.NewGuid()}/{command}", command == "items" ? new { sku = "A", quantity = 1, unitPrice = 1 } : null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task reading_an_unknown_order_answers_404_problem_details() =>
        await suite.Ordering.Scenario(s =>
        {
            s.Get.Url($"/orders/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(404);
            s.ContentTypeShouldBe("application/problem+json");
        });

    [Fact]
    public async Task adding_an_item_raises_the_total_and_the_version()
    {
        var id = await _client.CreateOrderAsync();
        var response = await _client.PostAsync($"/orders/{id}/items", new { sku = "SKU-2", quantity = 3, unitPrice = 2.00m });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.Version);

        var order = await _client.WaitForOrderAsync(id, o => o.Version == 3, "at version 3");
        Assert.Equal(31.00m, order!.Total);
    }

    [Fact]
    public async Task an_invalid_item_is_rejected_with_400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync($"/orders/{await _client.CreateOrderAsync()}/items", new { sku = "A", quantity = -1, unitPrice = 1 })).StatusCode);

    [Fact]
    public async Task placing_an_empty_order_answers_422_and_writes_no_event()
    {
        var created = await suite.Ordering.Scenario(s =>
        {
            s.Post.Json(new { customerId = "c-1", currency = "EUR", items = Array.Empty<object>() }).ToUrl("/orders");
            s.StatusCodeShouldBe(201);
        });
        var id = (await created.ReadAsJsonAsync<AcceptedDto>())!.OrderId;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _client.PostAsync($"/orders/{id}/place")).StatusCode);
        await _client.WaitForOrderAsync(id, o => o.Version == 1, "readable");
        Assert.Equal(["orders.order-created.v3"], OrderEvents(id).Select(r => r.MessageType));
    }

    [Fact]
    public async Task an_idempotency_key_reused_for_another_order_answers_422_and_creates_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _client.PostAsync("/orders", new { customerId = "c-reuse", currency = "EUR", items = new[] { new { sku = "A", quantity = 1, unitPrice = 5m } } }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;

        var other = await _client.PostAsync("/orders", new { customerId = "c-reuse", currency = "EUR", items = new[] { new { sku = "B", quantity = 9, unitPrice = 5m } } }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        // The same request again, its customer id written with spaces around it, still finds the order it created.
        var again = await _client.PostAsync("/orders", new { customerId = " c-reuse ", currency = "eur", items = new[] { new { sku = "A", quantity = 1, unitPrice = 5m } } }, key);
        Assert.Equal((HttpStatusCode.OK, id), (again.StatusCode, (await again.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId));
        await _client.WaitForOrderAsync(id, o => o.Version == 2, "readable");
        Assert.Equal(["orders.order-created.v3", "orders.item-added.v1"], OrderEvents(id).Select(r => r.MessageType));
    }

    [Fact]
    public async Task two_idempotency_keys_on_one_create_answer_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new { customerId = "c-1", currency = "EUR", items = Array.Empty<object>() }) };
        request.Headers.Add("Idempotency-Key", ["key-a", "key-b"]);
        var response = await suite.Ordering.Server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"Idempotency-Key\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task placing_an_order_with_nothing_to_pay_answers_422_and_writes_no_event()
    {
        var created = await _client.PostAsync("/orders", new { customerId = "c-1", currency = "EUR", items = new[] { new { sku = "FREE-SAMPLE", quantity = 2, unitPrice = 0m } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;

        var placed = await _client.PostAsync($"/orders/{id}/place");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, placed.StatusCode);
        Assert.Contains("nothing to pay", await placed.Content.ReadAsStringAsync());
        await _client.WaitForOrderAsync(id, o => o.Version == 2, "readable");
        Assert.Equal(["orders.order-created.v3", "orders.item-added.v1"], OrderEvents(id).Select(r => r.MessageType));
    }

    [Fact]
    public async Task an_order_holds_at_most_100_lines()
    {
        var lines = Enumerable.Range(0, 101).Select(i => new { sku = $"S-{i}", quantity = 1, unitPrice = 1m }).ToArray();
        var tooMany = await _client.PostAsync("/orders", new { customerId = "c-1", currency = "EUR", items = lines });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("\"items\"", await tooMany.Content.ReadAsStringAsync());

        var full = await _client.PostAsync("/orders", new { customerId = "c-1", currency = "EUR", items = lines[..100] });
        var id = (await full.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _client.PostAsync($"/orders/{id}/items", lines[100])).StatusCode);
    }

    [Fact]
    public async Task adding_items_to_a_placed_order_answers_409_and_writes_no_event()
    {
        var id = await _client.PlaceNewOrderAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/orders/{id}/items", new { sku = "A", quantity = 1, unitPrice = 1 })).StatusCode);
        await _client.WaitForStatusAsync(id, "Shipped");
        Assert.Single(OrderEvents(id), r => r.MessageType == "orders.item-added.v1");
    }

    [Fact]
    public async Task cancelling_a_shipped_order_answers_409()
    {
        var id = await _client.PlaceNewOrderAsync();
        await _client.WaitForStatusAsync(id, "Shipped");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/orders/{id}/cancel")).StatusCode);
    }

    /// <summary>
    /// An order's commands queue to one writer (Orders/Writing), which decides them one after the other on the order as
    /// the one before left it, often in one transaction: concurrent requests no longer race each other into 409s.
    /// </summary>
    [Fact]
    public async Task concurrent_commands_on_one_order_are_all_applied_one_after_the_other()
    {
        var id = await _client.CreateOrderAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _client.PostAsync($"/orders/{id}/items", new { sku = $"R-{i}", quantity = 1, unitPrice = 1 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var versions = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.Version));
        Assert.Equal(Enumerable.Range(3, 8), versions.Order()); // each request answered with the version its own command made
        var order = await _client.WaitForOrderAsync(id, o => o.Version == 10, "at version 10");
        Assert.Equal(9, order!.Items.Count);
        Assert.Equal(9, OrderEvents(id).Count(r => r.MessageType == "orders.item-added.v1"));
    }

    [Fact]
    public async Task concurrent_creates_each_get_their_own_order_and_a_repeated_key_among_them_the_same_one()
    {
        var key = Guid.NewGuid().ToString();
        var requests = Enumerable.Range(0, 20).Select(i => i % 10 == 0
            ? _client.PostAsync("/orders", ValidOrder, key) // two requests with one key
            : _client.PostAsync("/orders", ValidOrder));
        var responses = await Task.WhenAll(requests);

        var answers = await Task.WhenAll(responses.Select(async r => (r.StatusCode, (await r.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId)));
        Assert.Equal(19, answers.Select(a => a.OrderId).Distinct().Count());
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK); // the key's second request: the first one's order
        foreach (var id in answers.Select(a => a.OrderId).Distinct())
        {
            await _client.WaitForOrderAsync(id, o => o.Version == 2, "readable"); // its events are on the log by then
            Assert.Single(OrderEvents(id), r => r.MessageType == "orders.order-created.v3");
        }
    }
}
