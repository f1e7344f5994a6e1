using System.Diagnostics;
using Orders.Kafka.Embedded;

namespace Orders.Bench.Infrastructure;

/// <summary>The three services as the Release build `make run` starts them (infra/run.sh), each against a bench database.</summary>
public sealed record ServiceSpec(string Name, string Project, int Port)
{
    public string Database => $"bench_{Name}";
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The customer key store Ordering and Shipping share: the bench's own, never `make run`'s `keystore`.</summary>
    public const string KeyStoreDatabase = "bench_keystore";

    public static readonly IReadOnlyList<ServiceSpec> All =
    [
        new("ordering", "Ordering", int.Parse(Environment.GetEnvironmentVariable("BENCH_ORDERING_PORT") ?? "5201")),
        new("payment", "Payment", int.Parse(Environment.GetEnvironmentVariable("BENCH_PAYMENT_PORT") ?? "5202")),
        new("shipping", "Shipping", int.Parse(Environment.GetEnvironmentVariable("BENCH_SHIPPING_PORT") ?? "5203")),
    ];

    /// <summary>Every database a suite phase runs on: each service's and the key store.</summary>
    public static IEnumerable<string> Databases => All.Select(s => s.Database).Append(KeyStoreDatabase);
}

/// <summary>Starts the embedded broker and the services as child processes and waits until each answers /health/ready.</summary>
public sealed class Suite(BenchOptions options, Postgres postgres)
{
    private string Logs => Path.Combine(options.OutputDirectory, "logs");

    private string Dll(string project, string assembly) =>
        Path.Combine(options.Repo, project, "bin", options.Configuration, "net10.0", assembly + ".dll");

    public async Task<(ChildProcess Process, string Bootstrap)> StartBrokerAsync(string label, int? partitions = null)
    {
        var dll = Dll("infra/Orders.Broker", "Orders.Broker");
        if (!File.Exists(dll)) throw new BenchFailure(label, $"{dll} is missing: run `make build` (or `make bench`, which builds first).");
        var bootstrapFile = Path.Combine(Logs, $"{label}-bootstrap");
        Directory.CreateDirectory(Logs);
        File.Delete(bootstrapFile);
        string[] args = partitions is { } p ? [dll, "--bootstrap-file", bootstrapFile, "--partitions", p.ToString()] : [dll, "--bootstrap-file", bootstrapFile];
        var broker = ChildProcess.Start("broker", "dotnet", args, new Dictionary<string, string>(), Path.Combine(Logs, $"{label}-broker.log"));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(bootstrapFile) && new FileInfo(bootstrapFile).Length > 0) return (broker, (await File.ReadAllTextAsync(bootstrapFile)).Trim());
            if (broker.HasExited) break;
            await Task.Delay(100);
        }
        await broker.DisposeAsync();
        throw new BenchFailure(label, $"the embedded broker did not start within 30 s; last lines of {broker.LogPath}:\n{broker.Tail()}");
    }

    public ChildProcess StartService(string label, ServiceSpec service, string bootstrap, IReadOnlyDictionary<string, string>? extra = null)
    {
        var dll = Dll($"services/{service.Project}/{service.Project}.Api", $"{service.Project}.Api");
        if (!File.Exists(dll)) throw new BenchFailure(label, $"{dll} is missing: run `make build` first.");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = service.Url,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Kafka__BootstrapServers"] = bootstrap,
            ["ConnectionStrings__Postgres"] = postgres.ConnectionString(service.Database).Replace(";Maximum Pool Size=20", ""),
            ["Admin__ApiKey"] = options.AdminKey,
            ["Shipping__DispatchDelay"] = options.DispatchDelay.ToString("c"),
            ["Telemetry__Exporter"] = "none",
        };
        // The customer key store (GDPR): Ordering seals personal data with it, Shipping opens addresses; Payment never sees it.
        if (service.Name != "payment") environment["ConnectionStrings__KeyStore"] = postgres.ConnectionString(ServiceSpec.KeyStoreDatabase);
        // As make run starts them (services/runtime.env and the service's own, infra/embedded-kafka.env); the bench's environment wins.
        foreach (var (k, v) in EmbeddedKafkaProfile.LocalRunSettings(options.Repo, service.Project)) environment[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) environment[k] = v;
        // Started from its output folder, as a deployment would: the content root then holds its appsettings.json.
        return ChildProcess.Start(service.Name, "dotnet", [dll], environment, Path.Combine(Logs, $"{label}-{service.Name}.log"), Path.GetDirectoryName(dll));
    }

    /// <summary>Polls /health/ready; returns the seconds from process start to ready, or fails with the log's last lines.</summary>
    public static async Task<double> WaitReadyAsync(string label, ServiceSpec service, ChildProcess process, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new BenchFailure(label, $"{service.Name} exited before it was ready; last lines of {process.LogPath}:\n{process.Tail()}");
            try
            {
                using var response = await http.GetAsync($"{service.Url}/health/ready");
                if (response.IsSuccessStatusCode) return (DateTime.UtcNow - process.StartedAt).TotalSeconds;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "timed out"; }
            await Task.Delay(250);
        }
        throw new BenchFailure(label, $"{service.Name} not ready at {service.Url}/health/ready after {timeout.TotalSeconds:N0} s (last answer: {last}); last lines of {process.LogPath}:\n{process.Tail()}");
    }
}
