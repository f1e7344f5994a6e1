using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Bench.Infrastructure;
using Orders.Bench.Load;
using Orders.Bench.Monitoring;
using Orders.Bench.Results;

namespace Orders.Bench.Rebuild;

/// <summary>
/// Rebuilds from a long log: each service's projection rebuilds (POST /admin/projections/all/rebuild?swap=never), and every
/// service's restore-from-log on an empty database (RestoreStateFromLog, run at start-up before the listeners).
/// Restore has no endpoint or timing of its own, so it is timed as start-up-to-ready on the seeded log minus
/// start-up-to-ready on an empty log, each service started alone.
/// </summary>
public sealed class RebuildBench(BenchOptions options, Postgres postgres, Suite suite, ProcessSampler sampler)
{
    private const string SeededPrefix = "bench-seeded";

    public async Task<IReadOnlyList<RebuildMeasurement>> RunAsync()
    {
        Console.WriteLine($"rebuild: embedded broker with {options.RebuildPartitions} partitions per topic (it keeps about 5 MB per partition)...");
        var (broker, bootstrap) = await suite.StartBrokerAsync("rebuild", options.RebuildPartitions);
        await using var _ = broker;
        sampler.Watch("broker", broker.Pid);
        await postgres.RecreateAsync(ServiceSpec.KeyStoreDatabase);
        try
        {
            Console.WriteLine("rebuild: start-up time of each service alone on an empty log (the reference for restore)...");
            var empty = new Dictionary<string, double>();
            foreach (var service in ServiceSpec.All) empty[service.Name] = await StartAloneAsync(service, bootstrap, "rebuild-empty", null);

            Console.WriteLine($"rebuild: seeding {options.RebuildEvents:N0} events per service into the log...");
            var clock = Stopwatch.StartNew();
            var (ordersEvents, paymentsEvents, shippingRecords) = LogSeeder.Seed(bootstrap, options.RebuildEvents);
            Console.WriteLine($"  seeded {ordersEvents + paymentsEvents + shippingRecords:N0} records in {clock.Elapsed.TotalSeconds:N1} s");
            // Fresh group names: the reference start-ups left members in the "orders" groups that the broker still remembers.
            LogSeeder.SkipHistory(bootstrap, SuiteBench.Groups.Select(g => (SeededPrefix + g.Group["orders".Length..], g.Topic)));

            var measurements = new List<RebuildMeasurement>();
            var counts = new Dictionary<string, (long Events, string Topics)>
            {
                ["ordering"] = (ordersEvents, "orders-events"),
                ["payment"] = (paymentsEvents, "payments-events"),
                ["shipping"] = (shippingRecords, "shipping-commands + shipping-events"),
            };
            foreach (var service in ServiceSpec.All)
            {
                var (events, topics) = counts[service.Name];
                IReadOnlyList<RebuildMeasurement> rebuilds = [];
                var ready = await StartAloneAsync(service, bootstrap, "rebuild-seeded", async () => rebuilds = await RebuildAllAsync(service, events));
                var restore = Restore(service.Name, events, topics, ready, empty[service.Name]);
                measurements.Add(restore);
                Console.WriteLine(double.IsNaN(restore.Seconds)
                    ? $"  {service.Name}: restore not measured: ready no later on the seeded log ({ready:N1} s) than on an empty one ({empty[service.Name]:N1} s)"
                    : $"  {service.Name}: restore ≈ {restore.EventsPerSecond:N0} events/s ({events:N0} in ≈{restore.Seconds:N1} s)");
                measurements.AddRange(rebuilds);
            }
            return measurements;
        }
        finally { sampler.Forget("broker"); }
    }

    /// <summary>
    /// Restore's time is the start-up on the seeded log minus the start-up on an empty one. When the first is not the
    /// longer, start-up noise swamped the restore: no rate (NaN, "n/a" in the report) rather than one from a clamped
    /// near-zero time.
    /// </summary>
    public static RebuildMeasurement Restore(string service, long events, string topics, double readySeeded, double readyEmpty)
    {
        var seconds = readySeeded > readyEmpty ? readySeeded - readyEmpty : double.NaN;
        return new(service, "restore from log on an empty database (start-up)", events, seconds, events / seconds,
            $"ready after {readySeeded:N1} s on the seeded log vs {readyEmpty:N1} s on an empty one; reads {topics}; an estimate (start-up noise is in it)");
    }

    private async Task<double> StartAloneAsync(ServiceSpec service, string bootstrap, string label, Func<Task>? whileRunning)
    {
        await postgres.RecreateAsync(service.Database);
        await using var process = suite.StartService(label, service, bootstrap,
            whileRunning is null ? null : new Dictionary<string, string> { ["Kafka__GroupPrefix"] = SeededPrefix });
        sampler.Watch(service.Name, process.Pid);
        try
        {
            var ready = await Suite.WaitReadyAsync(label, service, process, TimeSpan.FromMinutes(10));
            Console.WriteLine($"  {service.Name} ({label}): ready after {ready:N1} s");
            if (whileRunning is not null) await whileRunning();
            return ready;
        }
        finally { sampler.Forget(service.Name); }
    }

    /// <summary>Every projection of the service, rebuilt and compared but not swapped: one measurement per projection.</summary>
    private async Task<IReadOnlyList<RebuildMeasurement>> RebuildAllAsync(ServiceSpec service, long logged)
    {
        Console.WriteLine($"  {service.Name}: POST /admin/projections/all/rebuild?swap=never over {logged:N0} events...");
        using var http = new HttpClient { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.AdminKey);
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("/admin/projections/all/rebuild?swap=never", null);
        var wall = clock.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
            throw new BenchFailure("rebuild", $"{service.Name}'s rebuild answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var measurements = new List<RebuildMeasurement>();
        foreach (var report in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
        {
            var projection = report.GetProperty("projection").GetString();
            var read = report.GetProperty("eventsRead").GetInt64();
            var seconds = report.GetProperty("seconds").GetDouble();
            var rebuilt = report.GetProperty("rebuiltDocuments").GetInt32();
            Console.WriteLine($"  {service.Name}: rebuild of {projection} read {read:N0} events in {seconds:N1} s ({read / seconds:N0}/s); whole request {wall:N1} s ({read / wall:N0}/s), {rebuilt:N0} documents");
            // The headline is the whole request (read, fold, bulk insert of the copy, comparison): what an operator waits for.
            measurements.Add(new RebuildMeasurement(service.Name, $"rebuild {projection} (POST /admin/projections/all/rebuild?swap=never)", read, wall, read / wall,
                $"whole request; of it, reading and folding the log took {seconds:N1} s ({read / seconds:N0} events/s, the service's own timing); {rebuilt:N0} documents written"));
        }
        return measurements;
    }
}
