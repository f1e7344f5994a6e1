using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orders.Bench.Load;

/// <summary>
/// Drives the lifecycle over HTTP, as a client would: create (one line), add an item, place. Payment and shipping
/// follow by themselves; completion is the OrderShipped record seen by <see cref="OrderEndWatcher"/>.
/// Two modes: open loop at a fixed offered rate (orders start on schedule whether or not earlier ones finished, and
/// latency counts from the scheduled start, so a stalled suite cannot hide behind a slow generator), and
/// max-throughput, which keeps a fixed number of orders in flight from create to Shipped.
/// </summary>
public sealed class LoadGenerator(string orderingUrl, OrderTracker tracker)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(orderingUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };
    private readonly List<Task> running = [];
    private long started;

    public long Started => Interlocked.Read(ref started);

    public async Task RunFixedRateAsync(double perSecond, TimeSpan duration, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var origin = DateTime.UtcNow;
        for (long i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due >= duration || cancellation.IsCancellationRequested) break;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancellation);
            Start(origin + due);
        }
    }

    public async Task RunMaxThroughputAsync(int inFlight, TimeSpan duration, CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(inFlight);
        var phaseStart = DateTime.UtcNow;
        void Free(DateTime intended) { if (intended >= phaseStart) slots.Release(); }
        tracker.Finished += Free;
        try
        {
            var end = DateTime.UtcNow + duration;
            while (DateTime.UtcNow < end && !cancellation.IsCancellationRequested)
            {
                if (!await slots.WaitAsync(end - DateTime.UtcNow > TimeSpan.Zero ? end - DateTime.UtcNow : TimeSpan.Zero, cancellation)) break;
                Start(DateTime.UtcNow);
            }
        }
        finally { tracker.Finished -= Free; }
    }

    /// <summary>Waits for the HTTP part of every lifecycle started so far (not for shipping).</summary>
    public Task RequestsDoneAsync() { lock (running) return Task.WhenAll(running.ToList()); }

    private void Start(DateTime intended)
    {
        Interlocked.Increment(ref started);
        var task = Task.Run(() => LifecycleAsync(intended));
        lock (running)
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(task);
        }
    }

    private async Task LifecycleAsync(DateTime intended)
    {
        Guid? orderId = null;
        try
        {
            var created = await http.PostAsJsonAsync("/orders", new
            {
                customerId = $"bench-{Random.Shared.Next(1000)}",
                currency = "EUR",
                items = new[] { new { sku = "SKU-1", quantity = 1, unitPrice = 10.5m } },
            }, Json);
            if (!created.IsSuccessStatusCode) { tracker.Fail(null, intended, $"create {(int)created.StatusCode}"); return; }
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("orderId").GetGuid();
            orderId = id;
            tracker.Started(id, intended);

            var added = await http.PostAsJsonAsync($"/orders/{id}/items", new { sku = "SKU-2", quantity = 2, unitPrice = 3.25m }, Json);
            if (!added.IsSuccessStatusCode) { tracker.Fail(id, intended, $"add item {(int)added.StatusCode}"); return; }
            var placed = await http.PostAsync($"/orders/{id}/place", null);
            if (!placed.IsSuccessStatusCode) { tracker.Fail(id, intended, $"place {(int)placed.StatusCode}"); return; }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            tracker.Fail(orderId, intended, e.GetType().Name);
        }
    }
}
