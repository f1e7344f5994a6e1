// orders-tools: operate Kafka as the suite's database.
//   topics  --bootstrap S [--apply] [--replication N]   compare the cluster with the topic catalog; --apply creates what is missing
//   topics  --helm-values                                print the catalog as the Helm chart's `topics:` value
//   export  --bootstrap S --out FILE [--topics a,b]      back up topics (default: every catalog topic) as JSON lines
//   import  --bootstrap S --in FILE [--force]            restore a backup, per partition in original order
//   rebuild --url URL --api-key KEY [--projection NAME|all] [--swap auto|always|never]
//                                                         rebuild a service's projections through its admin API
//                                                         NAME: orders (Ordering, 5101), payments (Payment, 5102), shipments (Shipping, 5103)
// Kafka security comes from the same settings the services read (environment: Kafka__SecurityProtocol,
// Kafka__SaslMechanism, Kafka__SaslUsername, Kafka__SaslPassword, Kafka__SslCaLocation, ...); --bootstrap wins over
// Kafka__BootstrapServers, which wins over KAFKA_BOOTSTRAP_SERVERS.
// Exit codes: 0 done, 1 failed or drift found (topics), 2 bad usage.
using Microsoft.Extensions.Configuration;
using Orders.Contracts;
using Orders.Kafka.Native;
using Orders.ServiceDefaults.Kafka;
using Orders.Tools;
using Orders.Tools.Backup;
using Orders.Tools.Provisioning;

ConfluentNativeLibrary.EnsureInstalled();

if (args.Length == 0 || args[0] is "-h" or "--help") return Usage();
if (args[0] == "rebuild") return await RebuildAsync();
if (args[0] == "topics" && args.Contains("--helm-values"))
{
    Console.Write(TopicValues.ToYaml(TopicCatalog.All));
    return 0;
}
var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var kafka = environment.GetSection(KafkaSettings.Section).Get<KafkaSettings>();
var bootstrap = ClusterAddress.Resolve(Option("--bootstrap"), environment);
if (bootstrap is null) return Usage("--bootstrap (or Kafka__BootstrapServers, KAFKA_BOOTSTRAP_SERVERS) is required.");
Action<Confluent.Kafka.ClientConfig> secure = config =>
{
    kafka?.ApplyTo(config);
    config.BootstrapServers = bootstrap;
};

try
{
    switch (args[0])
    {
        case "topics":
        {
            var replication = Option("--replication") is { } r ? short.Parse(r) : (short?)null;
            var findings = await new TopicProvisioner(bootstrap, secure).ProvisionAsync(TopicCatalog.All, args.Contains("--apply"), replication);
            foreach (var f in findings) Console.WriteLine($"{f.Topic,-20} {f.Status,-8} {f.Detail}");
            return findings.Any(f => f.Status is "drift" or "missing") ? 1 : 0;
        }
        case "export":
        {
            var output = Option("--out") ?? throw new ArgumentException("--out FILE is required.");
            var topics = Option("--topics")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? TopicCatalog.All.Select(t => t.Name).ToArray();
            await using var file = File.Create(output);
            var counts = await new TopicExporter(bootstrap, Console.Error, secure).ExportAsync(topics, file);
            Console.WriteLine($"exported {counts.Values.Sum():N0} records from {counts.Count} topic(s) to {output}");
            return 0;
        }
        case "import":
        {
            var input = Option("--in") ?? throw new ArgumentException("--in FILE is required.");
            await using var file = File.OpenRead(input);
            var counts = await new TopicImporter(bootstrap, Console.Error, secure).ImportAsync(file, args.Contains("--force"));
            Console.WriteLine($"imported {counts.Values.Sum():N0} records into {counts.Count} topic(s)");
            return 0;
        }
        default:
            return Usage($"Unknown command '{args[0]}'.");
    }
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or IOException or FormatException or Confluent.Kafka.KafkaException)
{
    Console.Error.WriteLine($"orders-tools: {e.Message}");
    return 1;
}

async Task<int> RebuildAsync()
{
    var url = Option("--url") ?? "http://127.0.0.1:5101";
    var key = Option("--api-key") ?? Environment.GetEnvironmentVariable("Admin__ApiKey");
    if (string.IsNullOrEmpty(key)) return Usage("--api-key (or Admin__ApiKey) is required.");
    using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };
    http.DefaultRequestHeaders.Add("X-Api-Key", key);
    Console.Error.WriteLine($"rebuild: asking {url} to rebuild '{Option("--projection") ?? "all"}' (progress is in the service's log)...");
    var response = await http.PostAsync($"/admin/projections/{Option("--projection") ?? "all"}/rebuild?swap={Option("--swap") ?? "auto"}", null);
    Console.WriteLine(await response.Content.ReadAsStringAsync());
    return response.IsSuccessStatusCode ? 0 : 1;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int Usage(string? error = null)
{
    if (error is not null) Console.Error.WriteLine($"orders-tools: {error}");
    Console.Error.WriteLine("""
        usage: orders-tools topics --bootstrap S [--apply] [--replication N]
               orders-tools topics --helm-values
               orders-tools export --bootstrap S --out FILE [--topics a,b]
               orders-tools import --bootstrap S --in FILE [--force]
               orders-tools rebuild --url URL --api-key KEY [--projection NAME|all] [--swap auto|always|never]
        """);
    return 2;
}
