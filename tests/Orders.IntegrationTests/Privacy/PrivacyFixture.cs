using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Privacy;

/// <summary>The whole suite with every host's logs captured, for the erasure tests (a suite of its own, so its logs are only theirs).</summary>
public sealed class PrivacyFixture : SuiteFixture
{
    public CapturedLogs Logs { get; } = new();

    /// <summary>Spans and metric tags, as an exporter would ship them. Collections run one at a time, so these are the privacy tests' own.</summary>
    public CapturedTelemetry Telemetry { get; } = new();

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureServices(Logs.AddTo);

    public override async Task DisposeAsync()
    {
        Telemetry.Dispose();
        await base.DisposeAsync();
    }

    /// <summary><c>pg_dump</c> of a database: every schema, table and row it holds, as text.</summary>
    public async Task<string> DumpAsync(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PgDump(), ["-h", c.Host!, "-p", c.Port.ToString(), "-U", c.Username!, "-d", c.Database!, "--no-owner"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = c.Password ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await error}");
        return await output;
    }

    /// <summary>Found as infra/postgres.sh finds the server binaries.</summary>
    private static string PgDump() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists).OrderDescending().FirstOrDefault() ?? "pg_dump"
            : "pg_dump";
}

[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyFixture>
{
    public const string Name = "privacy";
}
