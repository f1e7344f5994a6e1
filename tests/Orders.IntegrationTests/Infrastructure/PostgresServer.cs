using Npgsql;
using Testcontainers.PostgreSql;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: <c>ORDERS_TEST_POSTGRES</c> (an admin connection string; <c>make test</c> sets it
/// to the private cluster it starts), else a Testcontainers server when a Docker engine answers. Each fixture gets
/// fresh databases, so runs never see each other's rows.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgreSqlContainer? _container;
    private readonly List<string> _databases = [];
    public string AdminConnectionString { get; }

    private PostgresServer(string adminConnectionString, PostgreSqlContainer? container) =>
        (AdminConnectionString, _container) = (adminConnectionString, container);

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("ORDERS_TEST_POSTGRES") is { Length: > 0 } configured)
            return new PostgresServer(configured, null);
        if (DockerEngine.IsAvailable)
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return new PostgresServer(container.GetConnectionString(), container);
        }
        throw new InvalidOperationException(
            "No PostgreSQL for the tests: run them with `make test` (it starts a private cluster), set ORDERS_TEST_POSTGRES " +
            "to an admin connection string, or make a Docker engine available.");
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) { await _container.DisposeAsync(); return; }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
