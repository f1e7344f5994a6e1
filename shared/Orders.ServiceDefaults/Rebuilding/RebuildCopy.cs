using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// A rebuild's copy of its documents (schema <c>{service}_rebuild</c>), dropped when the rebuild ends. It holds personal
/// data decoded with the keys of the moment, and no erasure masks it: kept after the rebuild, an erased customer's name
/// and address would outlive the erasure there.
/// </summary>
public sealed class RebuildCopy(DocumentStore store, NpgsqlDataSource dataSource, string schema, ILogger logger) : IAsyncDisposable
{
    public DocumentStore Store => store;

    /// <summary>
    /// Drops the copy's schema with everything in it: one statement (Marten's own clean-up looks up and drops each object,
    /// which cost a rebuild of 100,000 events a second).
    /// </summary>
    public async Task DropAsync(CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await RebuildSteps.ExecuteAsync(connection, $"drop schema if exists {schema} cascade", cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        try { await DropAsync(CancellationToken.None); }
        catch (NpgsqlException e)
        {
            // Not thrown over the rebuild's own outcome or error; the next rebuild drops the copy before it starts.
            logger.LogWarning(e, "The rebuild's copy in schema {Schema} could not be dropped; the next rebuild drops it", schema);
        }
        finally { store.Dispose(); }
    }
}
