using System.Diagnostics;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Faults;

/// <summary>
/// The faults an in-process host cannot suffer: a service killed with SIGKILL, its database refusing connections for
/// seconds, JoinGroup errors while it rejoins, a partition's leadership moving. (group-reset is left to make chaos:
/// on the embedded broker the rewinding consumer is not always given the partitions in time.) Runs `make chaos` itself (the real processes, a 3-broker embedded cluster) on a CI-sized load,
/// each of those kinds at least once, and passes only when its invariant checker does.
/// </summary>
public sealed class chaos_with_process_faults
{
    [Fact]
    public async Task killed_services_an_unavailable_database_join_errors_and_a_leader_failover_keep_every_invariant()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var assemblyDirectory = new DirectoryInfo(AppContext.BaseDirectory);     // tests/…/bin/<Configuration>/net10.0/
        var configuration = assemblyDirectory.Parent!.Name;
        var root = assemblyDirectory;
        while (!File.Exists(Path.Combine(root.FullName, "Orders.sln"))) root = root.Parent ?? throw new InvalidOperationException("Orders.sln not found");
        var chaos = Path.Combine(root.FullName, "infra", "Orders.Chaos", "bin", configuration, "net10.0", "Orders.Chaos.dll");
        Assert.True(File.Exists(chaos), $"{chaos} is missing: build the solution ({configuration}) first");

        var start = new ProcessStartInfo("dotnet", [chaos, "--orders", "60", "--rate", "10", "--min-faults", "5", "--seed", "5",
            "--faults", "service-crash,db-unavailable,join-group-errors,leader-failover,partition-offline", "--quiet-timeout", "240"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName,
        };
        start.Environment["ORDERS_CHAOS_POSTGRES"] = postgres.AdminConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            // The runner's three services are its child processes: kill the whole tree, or they outlive the test run
            // and hold their ports and the database.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"make chaos did not finish within 8 minutes; killed it and its services:\n{await output + await errors}");
        }

        var log = await output + await errors;
        Assert.True(process.ExitCode == 0, $"make chaos exited {process.ExitCode}:\n{log}");
        foreach (var kind in new[] { "service-crash", "db-unavailable", "join-group-errors", "leader-failover", "partition-offline" })
            Assert.Contains($"|   {kind}", log);
        Assert.Contains("all invariants hold", log);
    }
}
