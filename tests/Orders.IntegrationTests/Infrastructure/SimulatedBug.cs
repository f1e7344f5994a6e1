using Npgsql;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>
/// A bug in a service's database, as a faulty migration or constraint would be: a trigger that refuses the writes to
/// <c>table</c> matching <c>condition</c> (on <c>new</c>). Disposing it is the fix (idempotent, so the test can fix it
/// mid-way and still clean up on failure).
/// </summary>
public sealed class SimulatedBug(string database, string table) : IAsyncDisposable
{
    private readonly string _trigger = $"simulated_bug_{Guid.NewGuid():N}";

    public static async Task<SimulatedBug> StartAsync(string database, string table, string writes, string condition, string message)
    {
        var bug = new SimulatedBug(database, table);
        await SqlAsync(database, $"""
            create function {bug.Function}() returns trigger language plpgsql as $$
            begin raise exception 'simulated bug: {message}', new.id; end $$;
            create trigger {bug.Trigger} before {writes} on {table}
            for each row when ({condition}) execute function {bug.Function}();
            """);
        return bug;
    }

    private string Trigger => _trigger;
    private string Function => $"{table.Split('.')[0]}.{_trigger}"; // in the table's schema

    public async ValueTask DisposeAsync() =>
        await SqlAsync(database, $"drop trigger if exists {Trigger} on {table}; drop function if exists {Function}();");

    private static async Task SqlAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
