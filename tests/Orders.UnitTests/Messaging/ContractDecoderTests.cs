using System.Text;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;

namespace Orders.UnitTests.Messaging;

/// <summary>How the batched projection tells a record it can apply from one for the dead letters, and what it stores.</summary>
public class ContractDecoderTests
{
    private static readonly Guid OrderId = Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10");

    private static LogRecord Record(string type, string json) =>
        new("orders-events", 0, 7, DateTimeOffset.UnixEpoch, OrderId.ToString(),
            new Dictionary<string, string> { ["message-type"] = type, ["id"] = Guid.NewGuid().ToString() }, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Given_an_old_version_When_decoded_Then_the_message_its_current_type_and_the_upcast_body_come_back()
    {
        var decoded = ContractDecoder.Decode(Record("orders.item-added.v1", $$"""{"orderId":"{{OrderId}}","sku":"A","quantity":1,"unitPrice":2}"""), new UpcastSettings());

        var added = Assert.IsType<ItemAdded>(decoded.Message);
        Assert.Equal(OrderId, added.OrderId);
        Assert.Equal("orders.item-added.v1", decoded.OriginalType);
        Assert.Equal(MessageContracts.WireTypeOf(typeof(ItemAdded)), decoded.CurrentType);
        Assert.Equal(added, ContractDecoder.Decode(Record(decoded.CurrentType!, Encoding.UTF8.GetString(decoded.Body!)), new UpcastSettings()).Message);
        Assert.Null(decoded.Problem);
    }

    [Theory]
    [InlineData("orders.order-teleported.v1")] // never defined
    [InlineData("orders.order-created.v9")]    // a version from the future
    public void Given_a_type_this_build_does_not_know_When_decoded_Then_it_is_an_unknown_type(string type)
    {
        var decoded = ContractDecoder.Decode(Record(type, $$"""{"orderId":"{{OrderId}}"}"""), new UpcastSettings());

        Assert.Null(decoded.Message);
        Assert.True(decoded.UnknownType);
        Assert.Contains(type, decoded.Problem);
    }

    [Theory]
    [InlineData("\u00ff\u00fe garbage")]
    [InlineData("""{"orderId":42,"sku":"A"}""")]
    [InlineData("null")]
    public void Given_a_body_that_does_not_read_as_its_type_When_decoded_Then_a_problem_and_not_an_unknown_type(string body)
    {
        var decoded = ContractDecoder.Decode(Record(MessageContracts.WireTypeOf(typeof(ItemAdded)), body), new UpcastSettings());

        Assert.Null(decoded.Message);
        Assert.False(decoded.UnknownType);
        Assert.NotNull(decoded.Problem);
    }
}
