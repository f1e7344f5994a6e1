using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Orders.Bench.Infrastructure;

/// <summary>
/// The bench's own PostgreSQL cluster (infra/postgres.sh with <c>ORDERS_PG_CLUSTER=bench</c>, port <c>BENCH_PG_PORT</c>),
/// holding only the bench's throw-away databases. Not the cluster of `make run`, `make chaos` and the tests: autovacuum's
/// launcher forks a worker for every database of a cluster once per naptime (5 s here, step 9), and that cluster gathers
/// a dozen databases or more, so its workers took some 5% of the machine in a bench phase, more the more was run on the
/// machine before (docs/performance.md, step 44). Nothing else uses it: the bench stops it when it ends, also one left
/// running by an interrupted run.
/// </summary>
public sealed class Postgres(BenchOptions options)
{
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={options.PostgresPort};Username=postgres;Password=postgres;Database={database};Maximum Pool Size=20";

    public async Task StartAsync()
    {
        var (exitCode, output) = await ScriptAsync("start");
        if (exitCode != 0) throw new BenchFailure("postgres", $"infra/postgres.sh start failed:\n{output}");
        Console.WriteLine($"  {output.Trim().Replace("\n", "\n  ")}");
    }

    public async Task StopAsync()
    {
        var (exitCode, output) = await ScriptAsync("stop");
        Console.WriteLine(exitCode == 0 ? $"  {output.Trim()}" : $"  postgres: could not stop the bench's cluster:\n{output}");
    }

    private async Task<(int ExitCode, string Output)> ScriptAsync(string command)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(options.Repo, "infra", "postgres.sh"), command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Remove("ORDERS_PGDATA"); // a data folder set for make run's cluster must not become the bench's
        info.Environment["ORDERS_PG_CLUSTER"] = "bench";
        info.Environment["ORDERS_PG_PORT"] = options.PostgresPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["ORDERS_PG_DATABASES"] = ""; // the phases create their own
        using var script = Process.Start(info)!;
        var output = await script.StandardOutput.ReadToEndAsync() + await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        return (script.ExitCode, output);
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
    /// Gives a database a few minutes old the autoanalyze of the production-sized one it stands in for. PostgreSQL
    /// re-analyzes a table once 50 rows plus 10% of it have changed since the last time: for a table of millions of rows
    /// that is hours apart, but every table here starts empty and grows by thousands of rows a second, so each is
    /// re-analyzed every few seconds, sorting a sample of up to 30,000 rows per column (the documents' JSON too). At
    /// the suite's ceiling that was 18.7% of PostgreSQL's profile samples (docs/performance.md, step 42). So, once a phase's
    /// warm-up has filled the tables: every table is analyzed now (statistics, as an old table has) and then waits for
    /// <paramref name="threshold"/> changed rows plus the 10%, as a table of ten times that many rows would. Wolverine's
    /// tables keep PostgreSQL's default: its inbox and outbox are queues, small at any age. The raw baseline gets the
    /// same, so the ratio compares like with like. 0 leaves every table as PostgreSQL has it.
    /// </summary>
    public async Task AnalyzeAsProductionSizedAsync(string database, int threshold)
    {
        if (threshold <= 0) return;
        // Unpooled: each phase drops and recreates its databases, which would leave a pooled connection dead.
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and c.relname not like 'wolverine\_%'
            order by 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables) // one statement at a time: no lock held past its own statement while the load runs
        {
            await using var set = new NpgsqlCommand($"alter table {table} set (autovacuum_analyze_threshold = {threshold})", connection);
            await set.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand($"analyze {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  {database}: {tables.Count} tables analyzed, autoanalyze after {threshold:N0} changed rows plus 10% (Wolverine's queues as PostgreSQL has them)");
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
