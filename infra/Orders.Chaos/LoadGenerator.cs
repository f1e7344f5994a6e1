using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Verification;

namespace Orders.Chaos;

/// <summary>
/// Open-loop load: order i starts at i / rate seconds whatever happened to the ones before. A mix of lifecycles:
/// most orders ship; some are above the payment limit (declined), some hold an item the warehouse cannot pick
/// (compensated), some are cancelled by the customer shortly after placing.
/// </summary>
public sealed class LoadGenerator(ResilientHttp ordering, Random random)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private int _rejected; // counted by every order's flow, concurrently
    private readonly ConcurrentDictionary<Guid, ExpectedEnding> _expected = new();

    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>How each order the load did not cancel itself should end (a customer's cancel races the shipment: either ending is right).</summary>
    public IReadOnlyDictionary<Guid, ExpectedEnding> Expected => _expected;

    public async Task<List<Guid>> RunAsync(int orders, double ratePerSecond, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var flows = new List<Task<Guid?>>();
        for (var i = 0; i < orders; i++)
        {
            var due = TimeSpan.FromSeconds(i / ratePerSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, cancellation);
            var kind = random.Next(100);
            var cancelAfter = random.Next(0, 3000);
            var items = Enumerable.Range(0, random.Next(1, 4)).Select(n => new { sku = $"SKU-{random.Next(1, 50)}", quantity = random.Next(1, 4), unitPrice = Math.Round((decimal)random.NextDouble() * 100 + 1, 2) }).ToList();
            if (kind < 10) items = [new { sku = "SKU-GOLD", quantity = 1, unitPrice = 20_000m }];           // declined
            else if (kind < 18) items.Add(new { sku = ChaosSuite.UnavailableSku, quantity = 1, unitPrice = 9.99m }); // shipping fails
            var ending = kind < 10 ? ExpectedEnding.Declined : kind < 18 ? ExpectedEnding.ShipmentFailed : ExpectedEnding.Shipped;
            flows.Add(RunOneAsync(i, items, kind >= 93 ? null : ending, cancelAfter: kind >= 93 ? cancelAfter : null, cancellation));
            if ((i + 1) % 100 == 0) Console.WriteLine($"chaos: {i + 1}/{orders} orders started ({clock.Elapsed.TotalSeconds:0} s)");
        }
        var ids = await Task.WhenAll(flows);
        return ids.OfType<Guid>().ToList();
    }

    private async Task<Guid?> RunOneAsync(int n, object items, ExpectedEnding? ending, int? cancelAfter, CancellationToken cancellation)
    {
        var key = Guid.NewGuid().ToString();
        var created = await ordering.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new { customerId = $"chaos-{n % 97}", currency = "EUR", items }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, cancellation);
        if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            Interlocked.Increment(ref _rejected);
            Console.WriteLine($"chaos: create #{n} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(cancellation)}");
            return null;
        }
        var id = (await created.Content.ReadFromJsonAsync<Created>(Json, cancellation))!.OrderId;
        if (ending is { } expected) _expected[id] = expected;

        // A retried place whose first attempt committed answers 409 (already placed): the order moved on, as wanted.
        var placed = await ordering.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/orders/{id}/place"), cancellation);
        if (placed.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
            Console.WriteLine($"chaos: place {id} answered {(int)placed.StatusCode}: {await placed.Content.ReadAsStringAsync(cancellation)}");

        if (cancelAfter is { } delay)
        {
            await Task.Delay(delay, cancellation);
            await ordering.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/orders/{id}/cancel") { Content = JsonContent.Create(new { reason = "customer changed their mind" }) }, cancellation);
        }
        return id;
    }

    private sealed record Created(Guid OrderId);
}
