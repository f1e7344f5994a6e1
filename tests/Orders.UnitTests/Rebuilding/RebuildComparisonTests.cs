using Orders.ServiceDefaults.Rebuilding;

namespace Orders.UnitTests.Rebuilding;

/// <summary>What a rebuild counts as differing: a live document missing or not the same content as the one the log decides.</summary>
public class RebuildComparisonTests
{
    private sealed record Doc(Guid Id, string Status, DateTimeOffset? Touched = null);

    // The content leaves out bookkeeping, as the OrderView rebuild leaves out LastSentAt.
    private static string Content(Doc doc) => $"{doc.Id}:{doc.Status}";

    [Fact]
    public void Given_slices_with_missing_changed_and_equal_documents_When_compared_Then_only_the_missing_and_changed_differ()
    {
        var (same, changed, missing, bookkeeping) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var comparison = new RebuildComparison<Doc>(Content);

        comparison.Add(
            current: new Dictionary<Guid, Doc> { [same] = new(same, "Captured"), [changed] = new(changed, "Declined") },
            rebuilt: new Dictionary<Guid, Doc> { [same] = new(same, "Captured"), [changed] = new(changed, "Captured") });
        comparison.Add(
            current: new Dictionary<Guid, Doc> { [bookkeeping] = new(bookkeeping, "Refunded", DateTimeOffset.UnixEpoch) },
            rebuilt: new Dictionary<Guid, Doc> { [missing] = new(missing, "Captured"), [bookkeeping] = new(bookkeeping, "Refunded", DateTimeOffset.UtcNow) });

        Assert.Equal(new[] { changed, missing }, comparison.Differing);
        Assert.Equal((4, 3), (comparison.Rebuilt, comparison.Live));
    }

    [Fact]
    public void Given_documents_in_any_order_When_their_differing_ids_are_taken_Then_they_come_in_id_order()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var rebuilt = ids.ToDictionary(id => id, id => new Doc(id, "Captured"));

        Assert.Equal(ids.Order(), RebuildComparison<Doc>.DifferingIds(new Dictionary<Guid, Doc>(), rebuilt, Content));
    }
}
