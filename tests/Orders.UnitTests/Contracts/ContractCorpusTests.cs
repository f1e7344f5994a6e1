using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;

namespace Orders.UnitTests.Contracts;

/// <summary>The checklist of the event-evolution guide (README), enforced against the corpus of every version ever written.</summary>
public class ContractCorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static string Sample(string wireType) => File.ReadAllText(Path.Combine(CorpusDirectory, wireType + ".json")).Trim();

    public static TheoryData<string> CurrentTypes => new(MessageContracts.Current.Keys.Order());

    public static TheoryData<string> AllSamples => new(Directory.GetFiles(CorpusDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(CurrentTypes))]
    public void Every_current_type_serializes_exactly_to_its_sample(string wireType)
    {
        Assert.True(File.Exists(Path.Combine(CorpusDirectory, wireType + ".json")), $"No corpus sample for {wireType}: add Corpus/{wireType}.json.");
        var sample = Sample(wireType);
        var value = JsonSerializer.Deserialize(sample, MessageContracts.Current[wireType], ContractJson.Options);
        // Read then written back unchanged: a renamed, removed or retyped field would lose or alter a value here.
        Assert.Equal(sample, JsonSerializer.Serialize(value, ContractJson.Options));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_ever_written_reads_as_a_current_type(string wireType)
    {
        Assert.True(MessageContracts.TryParse(wireType, out _, out _), $"{wireType} is not a versioned wire type.");
        var (current, body) = Upcasters.ToCurrent(wireType, File.ReadAllBytes(Path.Combine(CorpusDirectory, wireType + ".json")), new UpcastSettings());
        Assert.True(MessageContracts.Current.ContainsKey(current), $"{wireType} upcasts to {current}, which no current type has.");
        Assert.NotNull(JsonSerializer.Deserialize(body, MessageContracts.Current[current], ContractJson.Options));
    }

    [Fact]
    public void Wire_types_are_unique_and_versioned()
    {
        foreach (var wireType in MessageContracts.Current.Keys)
            Assert.True(MessageContracts.TryParse(wireType, out _, out _), wireType);
        var names = MessageContracts.Current.Keys.Select(w => { MessageContracts.TryParse(w, out var name, out _); return name; }).ToList();
        Assert.Equal(names.Count, names.Distinct().Count()); // one current version per message name
    }

    [Fact]
    public void Order_created_v1_reads_as_v3_in_the_legacy_currency_without_personal_data()
    {
        var (wireType, body) = Upcasters.ToCurrent("orders.order-created.v1", File.ReadAllBytes(Path.Combine(CorpusDirectory, "orders.order-created.v1.json")), new UpcastSettings("SEK"));
        Assert.Equal("orders.order-created.v3", wireType);
        Assert.Equal(new OrderCreated(Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10"), "c-legacy", "SEK"), JsonSerializer.Deserialize<OrderCreated>(body, ContractJson.Options));
    }

    [Fact]
    public void The_v1_shapes_of_item_added_and_order_cancelled_are_still_current()
    {
        Assert.Equal(typeof(ItemAdded), MessageContracts.Current["orders.item-added.v1"]);
        Assert.Equal(typeof(OrderCancelled), MessageContracts.Current["orders.order-cancelled.v1"]);
    }

    [Theory]
    [InlineData("{\"customerId\":\"c-1\"}", "missing orderId")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{oops", "not valid JSON")]
    public void A_sample_that_cannot_be_upcast_fails_with_the_reason(string body, string reason)
    {
        var error = Assert.Throws<UpcastException>(() => Upcasters.ToCurrent("orders.order-created.v1", System.Text.Encoding.UTF8.GetBytes(body), new UpcastSettings()));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_current_type_is_left_as_it_is()
    {
        var (wireType, body) = Upcasters.ToCurrent("orders.item-added.v1", "{\"orderId\":\"0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10\",\"sku\":\"A\",\"quantity\":1,\"unitPrice\":2}"u8, new UpcastSettings());
        Assert.Equal("orders.item-added.v1", wireType);
        Assert.Equal(1, JsonNode.Parse(body)!["quantity"]!.GetValue<int>());
    }
}
