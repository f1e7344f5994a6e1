using System.Text;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Rebuilding;

namespace Orders.UnitTests.Rebuilding;

/// <summary>How a restore and a rebuild tell the facts they fold from the records they cannot read.</summary>
public class LogFactsTests
{
    private static readonly Guid OrderId = Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10");

    private static LogRecord Record(long offset, string type, string json) =>
        new("orders-events", 2, offset, DateTimeOffset.UnixEpoch, OrderId.ToString(),
            new Dictionary<string, string> { ["message-type"] = type, ["id"] = Guid.NewGuid().ToString() }, Encoding.UTF8.GetBytes(json));

    private static readonly string Added = $$"""{"orderId":"{{OrderId}}","sku":"A","quantity":1,"unitPrice":2}""";

    [Fact]
    public void Given_unreadable_records_among_facts_When_decoded_Then_the_facts_are_kept_and_the_first_unreadable_is_named()
    {
        var facts = new List<(LogRecord Record, object Message)>();
        var found = LogFacts.Decode([
            Record(10, "orders.item-added.v1", Added),
            Record(11, "orders.item-added.v1", "\u00ff garbage"),
            Record(12, "orders.order-created.v9", "{}"),
            Record(13, "orders.item-added.v1", Added)], new UpcastSettings(), null, facts);

        Assert.Equal([10L, 13L], facts.Select(f => f.Record.Offset));
        Assert.All(facts, f => Assert.IsType<ItemAdded>(f.Message));
        Assert.Equal(4, found.Read);
        Assert.Equal(2, found.Undecodable);
        Assert.Equal(11, found.FirstUndecodable?.Offset);
        Assert.StartsWith("orders-events/2@11 (orders.item-added.v1): ", found.FirstUndecodableDescription);
    }

    [Fact]
    public void Given_an_unreadable_record_someone_acknowledged_When_decoded_Then_it_is_counted_apart()
    {
        var acknowledged = Record(11, "orders.item-added.v1", "\u00ff garbage");
        var found = LogFacts.Decode([acknowledged, Record(12, "orders.order-created.v9", "{}")], new UpcastSettings(), null, [],
            record => record.EventId == acknowledged.EventId);

        Assert.Equal(1, found.KnownUnreadable);
        Assert.Equal(1, found.Undecodable);
        Assert.Equal(12, found.FirstUndecodable?.Offset);
    }

    [Fact]
    public void Given_only_readable_records_When_decoded_Then_nothing_is_undecodable()
    {
        var found = LogFacts.Decode([Record(0, "orders.item-added.v1", Added)], new UpcastSettings(), null, []);

        Assert.Equal(0, found.Undecodable);
        Assert.Null(found.FirstUndecodableDescription);
    }

    [Fact]
    public void Given_a_log_read_in_pieces_When_the_reads_are_added_Then_counts_add_up_and_the_first_unreadable_is_the_earliest_found()
    {
        var first = Record(3, "orders.item-added.v1", "x");
        var later = Record(9, "orders.item-added.v1", "y");

        var total = FactsRead.None
            .Plus(new FactsRead(10, 0, null, null, 1))
            .Plus(new FactsRead(5, 2, first, "first problem"))
            .Plus(new FactsRead(7, 1, later, "later problem", 2));

        Assert.Equal(new FactsRead(22, 3, first, "first problem", 3), total);
    }
}
