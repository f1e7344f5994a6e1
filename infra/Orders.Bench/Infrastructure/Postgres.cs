using System.Diagnostics;
using Npgsql;

namespace Orders.Bench.Infrastructure;

/// <summary>The private cluster of infra/postgres.sh, with throw-away databases that never touch `make run`'s data.</summary>
public sealed class Postgres(BenchOptions options)
{
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={options.PostgresPort};Username=postgres;Password=postgres;Database={database};Maximum Pool Size=20";

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(options.Repo, "infra", "postgres.sh"), "start"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ORDERS_PG_PORT"] = options.PostgresPort.ToString();
        using var script = Process.Start(info)!;
        var output = await script.StandardOutput.ReadToEndAsync() + await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0) throw new BenchFailure("postgres", $"infra/postgres.sh start failed:\n{output}");
        Console.WriteLine($"  {output.Trim().Replace("\n", "\n  ")}");
    }

    /// <summary>Drops and creates a database: every phase starts from empty state, as a fresh environment would.</summary>
    public async Task RecreateAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", connection)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database \"{database}\"", connection)) await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Committed transactions per database (pg_stat_database). PostgreSQL 15 flushes a backend's counters when it goes
    /// idle, at most once a second, so a delta over a phase is exact to within about a second of activity at either end.
    /// </summary>
    public async Task<long> CommittedTransactionsAsync(IEnumerable<string> databases)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(sum(xact_commit), 0)::bigint from pg_stat_database where datname = any(@names)", connection);
        command.Parameters.AddWithValue("names", databases.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string> SettingsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync','synchronous_commit','wal_sync_method','full_page_writes')", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
