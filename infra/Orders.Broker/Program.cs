// Starts the embedded Kafka-protocol broker with every topic of the catalog and keeps it up until Ctrl-C or SIGTERM.
//   dotnet Orders.Broker.dll [--brokers N] [--partitions N] [--bootstrap-file PATH]
// --partitions overrides the catalog's partition count: the mock broker keeps only about 5 MB per partition, so a
// benchmark that needs a long log (infra/Orders.Bench's rebuild phase) spreads it over more partitions.
// The bootstrap servers (random ports) are printed and, with --bootstrap-file, written for scripts to read.
using Orders.Contracts;
using Orders.Kafka.Embedded;

var brokers = int.Parse(Option("--brokers") ?? "1");
var partitions = Option("--partitions") is { } p ? int.Parse(p) : (int?)null;
var bootstrapFile = Option("--bootstrap-file");

using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
{
    Brokers = brokers,
    Topics = TopicCatalog.All.Select(t => new EmbeddedTopic(t.Name, partitions ?? t.Partitions, Math.Min(t.ReplicationFactor, brokers))).ToList(),
});

Console.WriteLine($"broker: embedded Kafka on {cluster.BootstrapServers} ({brokers} broker(s); topics: {string.Join(", ", TopicCatalog.All.Select(t => $"{t.Name}×{partitions ?? t.Partitions}"))})");
if (bootstrapFile is not null) await File.WriteAllTextAsync(bootstrapFile, cluster.BootstrapServers);

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
await stopped.Task;
Console.WriteLine("broker: stopped (the embedded broker keeps data in memory only)");

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
