using Marten;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// The documents a batch reads and writes, one per order: loaded in one query, each record's decision applied to the
/// latest state (an order's records in one batch build on each other), and each changed document written once at the
/// end. A document that was not there at the load is inserted, so a racing writer's copy fails the commit on the primary
/// key; one that was is stored under the version loaded, so a racing update fails it by optimistic concurrency. Either
/// way the batched listener applies the batch again, on the state as it now is.
/// </summary>
public sealed class DocumentsByOrder<T> where T : notnull
{
    private readonly Dictionary<Guid, T> _documents;
    private readonly HashSet<Guid> _loaded;
    private readonly HashSet<Guid> _changed = [];

    private DocumentsByOrder(Dictionary<Guid, T> documents)
    {
        _documents = documents;
        _loaded = [.. documents.Keys];
    }

    public static async Task<DocumentsByOrder<T>> LoadAsync(IQuerySession session, IEnumerable<Guid> orderIds, Func<T, Guid> orderIdOf, CancellationToken cancellation)
    {
        var ids = orderIds.Distinct().ToArray();
        if (ids.Length == 0) return new([]); // nothing to look for (an order just created): no round trip
        var loaded = await session.LoadManyAsync<T>(cancellation, ids);
        return new(loaded.ToDictionary(orderIdOf));
    }

    public T? Find(Guid orderId) => _documents.GetValueOrDefault(orderId);

    public void Change(Guid orderId, T document)
    {
        _documents[orderId] = document;
        _changed.Add(orderId);
    }

    /// <summary>Adds every changed document to the session (nothing is written before its commit).</summary>
    public void WriteChanges(IDocumentSession session)
    {
        foreach (var id in _changed)
        {
            if (_loaded.Contains(id)) session.Store(_documents[id]);
            else session.Insert(_documents[id]);
        }
    }
}
