using Npgsql;

namespace Orders.Verification;

/// <summary>Questions the verification asks a service's database directly, whatever state a fault left it in.</summary>
internal static class ServiceDatabase
{
    /// <summary>
    /// Runs a counting query on a connection of its own. Unpooled: a fault may have terminated the pooled connections
    /// that the services (in tests, in this process) share.
    /// </summary>
    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellation)
    {
        await using var connection = await OpenUnpooledAsync(connectionString, cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation));
    }

    /// <summary>Runs a query on a connection of its own and renders each row as <c>column=value</c> pairs.</summary>
    public static async Task<IReadOnlyList<string>> RowsAsync(string connectionString, string sql, CancellationToken cancellation)
    {
        await using var connection = await OpenUnpooledAsync(connectionString, cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellation))
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : reader.GetValue(i))}")));
        return rows;
    }

    private static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString, CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }
}
