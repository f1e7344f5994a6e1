using System.Text.Json;
using Ordering.Api.Orders;
using Ordering.Api.Orders.History;
using Ordering.Api.Orders.Viewing;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.UnitTests.Privacy;

namespace Orders.UnitTests.Ordering;

/// <summary>
/// The temporal queries (<c>?asOf</c>, <c>?version</c>) and the history list fold an order's recorded facts in the order
/// the read model folds them, so that "what did we know then" never tells an order differently from <c>GET /orders/{id}</c>.
/// </summary>
public class OrderTimelineTests
{
    private static readonly Guid Id = Guid.Parse("7d9f1c2e-0000-4000-8000-000000000031");
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryKeys _keys = new();

    /// <summary>Two items added in one decision (the same send instant): one entry read from the log, one recovered from the inbox without its offset.</summary>
    private static readonly ReceivedFact[] Facts =
    [
        new(Guid.Parse("00000000-0000-4000-8000-000000000011"), Start, new OrderCreated(Id, "c-31", "EUR"), 40),
        new(Guid.Parse("00000000-0000-4000-8000-000000000012"), Start.AddSeconds(1), new ItemAdded(Id, "SKU-RECOVERED", 1, 5m), null),
        new(Guid.Parse("00000000-0000-4000-8000-000000000013"), Start.AddSeconds(1), new ItemAdded(Id, "SKU-FROM-LOG", 2, 7m), 42),
        new(Guid.Parse("00000000-0000-4000-8000-000000000014"), Start.AddSeconds(3), new OrderPlaced(Id, 19m, "EUR"), 43),
    ];

    private static OrderHistoryEntry Entry(ReceivedFact fact)
    {
        var wireType = MessageContracts.WireTypeOf(fact.Event.GetType());
        return new OrderHistoryEntry(fact.EventId, Id, wireType, wireType, Topics.OrdersEvents, fact.Offset is null ? null : 3, fact.Offset,
            fact.SentAt, null, null, JsonSerializer.Serialize(fact.Event, fact.Event.GetType(), ContractJson.Options));
    }

    private static OrderHistoryEntry[] Entries => [.. Facts.Select(Entry)];

    [Fact]
    public void Given_facts_of_one_instant_one_without_its_offset_When_listed_Then_in_the_order_the_read_model_folds_them()
    {
        var readModelOrder = ReceivedFact.InDecisionOrder(Facts, f => f).Select(f => f.EventId);

        var timelineOrder = OrderTimeline.InLogOrder(Entries.Reverse()).Select(e => e.Id);

        Assert.Equal(readModelOrder, timelineOrder);
        Assert.Equal(Facts[2].EventId, timelineOrder.ElementAt(1)); // the one with an offset first, as DecisionOrder says
    }

    [Fact]
    public void Given_the_tie_When_asked_for_version_two_Then_the_item_the_read_model_applied_first()
    {
        var atTwo = OrderTimeline.AtVersion(Entries, 2, _keys)!;

        Assert.Equal(["SKU-FROM-LOG"], atTwo.Lines.Select(l => l.Sku));
    }

    [Fact]
    public void Given_the_whole_timeline_When_folded_Then_the_same_order_as_the_read_model_holds()
    {
        var view = OrderView.Receive(Facts[..3], Facts[3])!;

        var folded = OrderTimeline.AtVersion(Entries, 4, _keys)!;

        Assert.Equal(view.Order.Lines, folded.Lines);
        Assert.Equal((OrderStatus.Placed, 4, 19m), (folded.Status, folded.Version, folded.Total));
    }

    [Fact]
    public void Given_an_instant_between_facts_When_asked_as_of_it_Then_only_the_facts_sent_by_then()
    {
        var beforePlacement = OrderTimeline.AsOf(Entries, Start.AddSeconds(2), _keys)!;
        var beforeCreation = OrderTimeline.AsOf(Entries, Start.AddSeconds(-1), _keys);

        Assert.Equal((OrderStatus.Created, 3), (beforePlacement.Status, beforePlacement.Version));
        Assert.Null(beforeCreation);
    }

    [Fact]
    public void Given_fewer_versions_than_asked_When_asked_for_a_version_Then_none()
    {
        Assert.Null(OrderTimeline.AtVersion(Entries, 5, _keys));
    }
}
