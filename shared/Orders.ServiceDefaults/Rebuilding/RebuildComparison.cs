namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// What a rebuild's comparison of the documents the log decides with the live ones found, slice after slice: how many
/// the log rebuilt, how many of those are live, and the ids whose live document is missing or differs.
/// Two documents are the same when their <c>content</c> (a serialization that leaves out bookkeeping) is.
/// </summary>
public sealed class RebuildComparison<TDocument>(Func<TDocument, string> content)
{
    public int Rebuilt { get; private set; }
    public int Live { get; private set; }
    public List<Guid> Differing { get; } = [];

    public void Add(IReadOnlyDictionary<Guid, TDocument> current, IReadOnlyDictionary<Guid, TDocument> rebuilt)
    {
        Rebuilt += rebuilt.Count;
        Live += current.Count;
        Differing.AddRange(DifferingIds(current, rebuilt, content));
    }

    /// <summary>Ids the log decides differently from the live documents (or that the live documents lack), in id order.</summary>
    public static List<Guid> DifferingIds(IReadOnlyDictionary<Guid, TDocument> current, IReadOnlyDictionary<Guid, TDocument> rebuilt, Func<TDocument, string> content) =>
        rebuilt.Keys.Where(id => !current.TryGetValue(id, out var live) || content(live) != content(rebuilt[id])).Order().ToList();
}
