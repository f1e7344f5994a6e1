using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Orders.Bench.Infrastructure;
using Orders.Bench.Load;
using Orders.Bench.Monitoring;
using Orders.Bench.Results;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.Contracts.Versioning;

namespace Orders.Bench.Baseline;

/// <summary>
/// The raw ceiling of this machine for the suite's work: plain Confluent.Kafka consumers and producers and batched
/// Npgsql writes, same broker, same database server, same durability, same topics and the same records per order
/// (9 produced, 9 consumed), each consumed record deduplicated and applied to a state row; the records Ordering consumes
/// are kept as Ordering keeps them, one audit-log row per fact with its body (the history behind temporal queries),
/// the others through an id-only inbox row. What it leaves out is the framework: HTTP, per-message transactions, the
/// outbox table, handler pipelines.
/// </summary>
public sealed class RawBaseline(BenchOptions options, Postgres postgres, Suite suite, ProcessSampler sampler, DateTime origin)
{
    public const string Work = "per order: 3 state writes for create/add/place, 9 records produced (acks=all, idempotent) and 9 consumed, each consumed record deduplicated (Ordering's 7 by their audit-log row with the fact's body, the other 2 by an id-only inbox row) and a state upsert, batched per poll, offsets committed after the database commit and the acks, each topic fetched with the services' wait";
    private const string Database = "bench_baseline";
    // Orders in flight, from the source's write until the projection stage has applied the order's last fact: so the source
    // runs no faster than the slowest stage (the projection, off the lifecycle's path, fell further behind every second
    // when only shipping freed a slot), and the log stays within the embedded broker's memory per partition. 2,000 held
    // that way left a tenth of the machine idle (the stages' batches too small); 6,000 fills it (step 36).
    private const int Window = 6_000;
    private static readonly string ShippedType = MessageContracts.WireTypeOf(typeof(OrderShipped));

    public async Task<BaselineResult> RunAsync()
    {
        Console.WriteLine($"baseline: plain Kafka clients and batched Npgsql writes, {options.WarmupSeconds} s of warm-up, then {options.DurationSeconds} s measured...");
        var (broker, bootstrap) = await suite.StartBrokerAsync("baseline");
        await using var brokerProcess = broker;
        sampler.Watch("broker", broker.Pid);
        await postgres.RecreateAsync(Database);
        await using var database = NpgsqlDataSource.Create(postgres.ConnectionString(Database));
        await using (var schema = database.CreateCommand("""
            create table orders (id uuid primary key, data jsonb not null);
            create table payments (id uuid primary key, data jsonb not null);
            create table shipments (id uuid primary key, data jsonb not null);
            create table order_views (id uuid primary key, data jsonb not null);
            create table inbox (id uuid primary key, received_by text not null, received_at timestamptz not null default now());
            create table history (id uuid primary key, order_id uuid not null, topic text not null, partition int not null, "offset" bigint not null,
                sent_at timestamptz not null, message_type text not null, body text not null, recorded_at timestamptz not null default now());
            create index history_order_id on history (order_id);
            """)) await schema.ExecuteNonQueryAsync();

        var started = new ConcurrentDictionary<Guid, DateTime>();
        var unviewed = new ConcurrentDictionary<Guid, byte>();
        var shipments = new ConcurrentQueue<(DateTime Started, DateTime Shipped)>();
        var done = new SemaphoreSlim(Window);
        void Viewed(RawMessage fact)
        {
            if (fact.WireType == ShippedType && unviewed.TryRemove(fact.OrderId, out _)) done.Release();
        }

        using var stop = new CancellationTokenSource();
        var kafka = RawKafka.AsTheServicesGetIt(bootstrap, options.Repo);
        RawStage[] stages =
        [
            new("payment", kafka, Topics.PaymentsCommands, "payments", database, Dedup.Inbox, m =>
                [(Topics.PaymentsEvents, Msg(new PaymentCaptured(m.OrderId, Guid.CreateVersion7(), 17m, "EUR")))]),
            new("saga-paid", kafka, Topics.PaymentsEvents, "orders", database, Dedup.History, m =>
                [(Topics.OrdersEvents, Msg(new OrderPaid(m.OrderId, Guid.CreateVersion7(), 17m))), (Topics.ShippingCommands, Msg(new ShipOrder(m.OrderId, [new ShipmentLine("SKU-1", 1), new ShipmentLine("SKU-2", 2)])))]),
            new("shipping", kafka, Topics.ShippingCommands, "shipments", database, Dedup.Inbox, m =>
                [(Topics.ShippingEvents, Msg(new OrderDispatched(m.OrderId, $"TRK-{m.OrderId:N}")))]),
            new("saga-shipped", kafka, Topics.ShippingEvents, "orders", database, Dedup.History, m =>
                [(Topics.OrdersEvents, Msg(new OrderShipped(m.OrderId, $"TRK-{m.OrderId:N}")))]),
            new("projection", kafka, Topics.OrdersEvents, "order_views", database, Dedup.History, _ => [], Viewed),
        ];
        using var assigned = new CountdownEvent(stages.Length);
        var threads = stages.Select(s => s.Start(stop.Token, assigned)).ToList();
        if (!assigned.Wait(TimeSpan.FromSeconds(60))) throw new BenchFailure("baseline", "the raw consumers got no partitions within 60 s");

        using var watcher = new OrderEndWatcher(bootstrap, (id, at) =>
        {
            if (started.TryRemove(id, out var from)) shipments.Enqueue((from, at));
        });

        // Measured as the suite's max phase is: after a warm-up (the JIT's tiers, the connections, the consumers' first
        // fetches), the orders shipped in a window of the phase's length, by their OrderShipped records' producer times.
        // Until step 36 it timed a fixed 60,000 orders from a cold start, some 20 s, whose first seconds ran unoptimised code.
        var groups = stages.Select(s => s.Group).ToList();
        await using var lag = new KafkaMonitor(bootstrap, groups, origin);
        using var stopSource = new CancellationTokenSource();
        var source = Task.Run(() => Source(bootstrap, database, started, unviewed, done, stopSource.Token));
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:N0} s: {shipments.Count:N0} shipped, {unviewed.Count:N0} in flight (until the view has them), {started.Count:N0} of those not shipped yet"), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await WhileRunningAsync(source, TimeSpan.FromSeconds(options.WarmupSeconds));
        await postgres.AnalyzeAsProductionSizedAsync(Database, options.AnalyzeThreshold); // as the suite's databases are
        var begin = DateTime.UtcNow;
        Console.WriteLine($"  warm-up done; measuring {options.DurationSeconds} s");
        await WhileRunningAsync(source, TimeSpan.FromSeconds(options.DurationSeconds));
        var end = DateTime.UtcNow;
        await stopSource.CancelAsync();
        await source;
        var drainEnd = DateTime.UtcNow + TimeSpan.FromSeconds(options.DrainSeconds);
        while (!(started.IsEmpty && unviewed.IsEmpty) && DateTime.UtcNow < drainEnd) await Task.Delay(50);
        await stop.CancelAsync();
        foreach (var t in threads) t.Join(TimeSpan.FromSeconds(10));
        sampler.Forget("broker");
        if (!(started.IsEmpty && unviewed.IsEmpty))
            throw new BenchFailure("baseline", $"{started.Count} orders not shipped and {unviewed.Count} not in the view {options.DrainSeconds} s after the source stopped");

        var seconds = (end - begin).TotalSeconds;
        var inWindow = shipments.Count(s => s.Shipped >= begin && s.Shipped < end);
        var latencies = shipments.Where(s => s.Started >= begin && s.Started < end).Select(s => (s.Shipped - s.Started).TotalMilliseconds);
        var (windowStart, windowEnd) = ((begin - origin).TotalSeconds, (end - origin).TotalSeconds); // the samplers' clock
        var cpu = sampler.Samples.Where(s => s.Second >= windowStart && s.Second <= windowEnd).ToList();
        var usage = cpu.Where(s => s.Process is "bench" or "broker" or "postgres").GroupBy(s => s.Process)
            .Select(g => new ProcessUsage(g.Key, g.Average(s => s.CpuPercent), g.Max(s => s.CpuPercent), sampler.PeakRssMb.GetValueOrDefault(g.Key))).OrderBy(u => u.Process).ToList();
        // Sustained as the suite's rate must be: no stage's lag climbing through the window, no record lost to retention
        // (a stage far enough behind is reset past records it never read, and may not reach that gap before it stops).
        var fellBehind = LagTrend.Of(lag.Samples.Where(s => s.Second >= windowStart && s.Second <= windowEnd).ToList(), groups);
        var skipped = stages.Where(s => s.SkippedRecords > 0).ToDictionary(s => s.Name, s => s.SkippedRecords);
        var result = new BaselineResult(inWindow, seconds, inWindow / seconds, Latency.Of(latencies), usage,
            cpu.Where(s => s.Process == "machine").Select(s => s.CpuPercent).DefaultIfEmpty().Average(), Work, skipped, fellBehind);
        Console.WriteLine($"  baseline: {result.OrdersPerSecond:N0} orders/s ({seconds:N1} s), p99 {result.Latency.P99Ms:N0} ms");
        if (fellBehind is null)
            Console.WriteLine($"  baseline: its stages' lag not judged (fewer than {3 * LagTrend.MinimumSamplesPerThird} lag samples in the window, one a second): a longer BENCH_DURATION judges it");
        foreach (var group in fellBehind ?? [])
            Console.WriteLine($"  baseline: {group.Group} fell behind (lag at least {group.LateLowest:N0} in the window's last third, at most {group.EarlyHighest:N0} in its first): not a rate it sustained");
        foreach (var (stage, count) in skipped)
            Console.WriteLine($"  baseline: stage {stage} fell behind the broker's retention and never read {count:N0} records: not a rate it sustained");
        return result;
    }

    /// <summary>Waits <paramref name="time"/>, or fails at once with the source's error if it stops before then.</summary>
    private static async Task WhileRunningAsync(Task source, TimeSpan time)
    {
        await Task.WhenAny(source, Task.Delay(time));
        if (source.IsCompleted) await source; // it runs until stopped, so it has failed
    }

    /// <summary>
    /// Until stopped, creates, adds an item to and places orders in batches: three state writes each, then the four
    /// records Ordering sends. A batch begun is finished, so every order it started is sent on its way.
    /// </summary>
    private static void Source(string bootstrap, NpgsqlDataSource database, ConcurrentDictionary<Guid, DateTime> started,
        ConcurrentDictionary<Guid, byte> unviewed, SemaphoreSlim window, CancellationToken stop)
    {
        using var producer = RawProducer.Build(bootstrap);
        const int batch = 200;
        while (!stop.IsCancellationRequested)
        {
            var ids = Enumerable.Range(0, batch).Select(_ => Guid.CreateVersion7()).ToArray();
            for (var i = 0; i < ids.Length; i++) window.Wait();
            var now = DateTime.UtcNow;
            foreach (var id in ids)
            {
                started[id] = now;
                unviewed[id] = 0;
            }
            using (var connection = database.OpenConnection())
            using (var transaction = connection.BeginTransaction())
            {
                foreach (var step in new[] { "created", "item-added", "placed" })
                {
                    using var write = new NpgsqlCommand("insert into orders (id, data) select unnest(@ids), jsonb_build_object('step', @step) on conflict (id) do update set data = excluded.data", connection, transaction);
                    write.Parameters.AddWithValue("ids", ids);
                    write.Parameters.AddWithValue("step", step);
                    write.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            foreach (var id in ids)
            {
                RawProducer.Produce(producer, Topics.OrdersEvents, Msg(new OrderCreated(id, "bench-1", "EUR")));
                RawProducer.Produce(producer, Topics.OrdersEvents, Msg(new ItemAdded(id, "SKU-2", 2, 3.25m)));
                RawProducer.Produce(producer, Topics.OrdersEvents, Msg(new OrderPlaced(id, 17m, "EUR")));
                RawProducer.Produce(producer, Topics.PaymentsCommands, Msg(new CapturePayment(id, 17m, "EUR")));
            }
            producer.Flush(TimeSpan.FromSeconds(30));
        }
    }

    private static RawMessage Msg<T>(T message) where T : IOrderMessage =>
        new(message.OrderId, MessageContracts.WireTypeOf(typeof(T)), JsonSerializer.SerializeToUtf8Bytes(message, ContractJson.Options));
}
