using System.Diagnostics;
using System.Text.Json;
using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Chaos;

/// <summary>
/// The suite is quiet when every order has reached a terminal state and no topic has grown for a few seconds (the
/// refunds and late answers that follow a terminal state have been written and read).
/// </summary>
public static class Quiet
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<TimeSpan?> WaitAsync(ResilientHttp ordering, string bootstrapServers, IReadOnlyCollection<Guid> orders, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var open = orders.ToHashSet();
        long lastEnd = -1;
        var stableSince = clock.Elapsed;
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            foreach (var batch in open.ToList().Chunk(16))
            {
                var states = await Task.WhenAll(batch.Select(async id => (id, await StatusAsync(ordering, id, cancellation))));
                foreach (var (id, status) in states.Where(s => s.Item2 is "Shipped" or "Cancelled")) open.Remove(id);
            }
            var end = LogEnd(bootstrapServers);
            if (end != lastEnd) (lastEnd, stableSince) = (end, clock.Elapsed);
            if (open.Count == 0 && clock.Elapsed - stableSince >= TimeSpan.FromSeconds(5)) return clock.Elapsed;
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"chaos: waiting for quiet: {open.Count} order(s) not terminal yet, {end} record(s) in the log ({clock.Elapsed.TotalSeconds:0} s)");
            }
            await Task.Delay(1000, cancellation);
        }
        return null;
    }

    private static async Task<string?> StatusAsync(ResilientHttp ordering, Guid id, CancellationToken cancellation)
    {
        var response = await ordering.GetAsync($"/orders/{id}", cancellation);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation)).RootElement.GetProperty("status").GetString() : null;
    }

    /// <summary>Records in the whole catalog: the sum of every partition's end, read as the log reader reads it.</summary>
    private static long LogEnd(string bootstrapServers) =>
        new KafkaLog(new KafkaSettings { BootstrapServers = bootstrapServers }).CurrentEnd(TopicCatalog.All.Select(t => t.Name)).End.Values.Sum();
}
