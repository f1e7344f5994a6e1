using Npgsql;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// One rebuild at a time per service, whichever replica is asked: every rebuild of a service writes its copy into the
/// same schema and clears it first, so a second one would drop the first's copy mid-way (or, swapping, put a half-written
/// copy live). A PostgreSQL advisory lock on the service's database, held by one connection for the rebuild's length.
/// </summary>
public sealed class RebuildLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private RebuildLock(NpgsqlConnection connection, string key) => (_connection, _key) = (connection, key);

    /// <summary>The lock's name for a service (the advisory lock is taken on its hash).</summary>
    public static string KeyFor(string service) => $"orders-rebuild:{service}";

    /// <summary>The lock, or null when another rebuild of the service holds it.</summary>
    public static async Task<RebuildLock?> TryTakeAsync(NpgsqlDataSource database, string service, CancellationToken cancellation)
    {
        var connection = await database.OpenConnectionAsync(cancellation);
        try
        {
            if (await LockAsync(connection, "pg_try_advisory_lock", KeyFor(service), cancellation)) return new RebuildLock(connection, KeyFor(service));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    // Session-level: released explicitly, since a pooled connection is not reset on return (Postgres:ResetConnectionsOnReturn)
    // and would keep it; a connection that breaks meanwhile releases it with its session.
    public async ValueTask DisposeAsync()
    {
        try { await LockAsync(_connection, "pg_advisory_unlock", _key, CancellationToken.None); }
        finally { await _connection.DisposeAsync(); }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string function, string key, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select {function}(hashtext(@key))", connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
