using Marten;
using Microsoft.Extensions.Logging;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// A rebuild's copy of its documents (schema <c>{service}_rebuild</c>), dropped when the rebuild ends. It holds personal
/// data decoded with the keys of the moment, and no erasure masks it: kept after the rebuild, an erased customer's name
/// and address would outlive the erasure there.
/// </summary>
public sealed class RebuildCopy(DocumentStore store, string schema, ILogger logger) : IAsyncDisposable
{
    public DocumentStore Store => store;
    public string Schema => schema;

    public async ValueTask DisposeAsync()
    {
        try { await store.Advanced.Clean.CompletelyRemoveAllAsync(CancellationToken.None); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // Not thrown over the rebuild's own outcome or error; the next rebuild drops the copy before it starts.
            logger.LogWarning(e, "The rebuild's copy in schema {Schema} could not be dropped; the next rebuild drops it", schema);
        }
        finally { store.Dispose(); }
    }
}
