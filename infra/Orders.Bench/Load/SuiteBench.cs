using Orders.Bench.Infrastructure;
using Orders.Bench.Monitoring;
using Orders.Bench.Results;
using Orders.Contracts;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.Bench.Load;

/// <summary>The suite under load: broker, three services, warm-up, then the fixed-rate and max-throughput phases.</summary>
public sealed class SuiteBench(BenchOptions options, Postgres postgres, Suite suite, ProcessSampler sampler, DateTime origin)
{
    /// <summary>Each service's consumer groups, one per topic it reads (Subscriptions; ConsumerGroups names them).</summary>
    public static readonly IReadOnlyList<WatchedGroup> Groups = Subscriptions.ByService
        .SelectMany(s => s.Value.Select(topic => new WatchedGroup(s.Key, ConsumerGroups.ForTopic("orders", s.Key, topic), topic)))
        .ToList();

    /// <summary>Which service writes which topic, for messages/s out.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> Writes = new Dictionary<string, string[]>
    {
        ["ordering"] = [Topics.OrdersEvents, Topics.PaymentsCommands, Topics.ShippingCommands],
        ["payment"] = [Topics.PaymentsEvents],
        ["shipping"] = [Topics.ShippingEvents],
    };

    public async Task<IReadOnlyList<PhaseResult>> RunAsync()
    {
        var results = new List<PhaseResult>();
        // Each measured phase gets a fresh suite (broker, databases, processes): a backlog left by one phase would
        // otherwise be counted in the next one's throughput, latency and transactions.
        if (options.Phases.Contains("fixed"))
            results.Add(await RunOnFreshSuiteAsync($"fixed {options.OfferedRate:0.#}/s", "fixed", options.OfferedRate));
        if (options.Phases.Contains("max"))
            results.Add(await RunOnFreshSuiteAsync($"max ({options.MaxInFlight} in flight)", "max", null));
        return results;
    }

    private async Task<PhaseResult> RunOnFreshSuiteAsync(string name, string mode, double? rate)
    {
        var label = mode == "fixed" ? "suite-fixed" : "suite-max";
        Console.WriteLine($"{label}: starting the embedded broker and the three services (Release build) on empty databases...");
        var (broker, bootstrap) = await suite.StartBrokerAsync(label);
        await using var _ = broker;
        sampler.Watch("broker", broker.Pid);
        foreach (var database in ServiceSpec.Databases) await postgres.RecreateAsync(database);

        var processes = ServiceSpec.All.Select(s => (Spec: s, Process: suite.StartService(label, s, bootstrap))).ToList();
        try
        {
            foreach (var (spec, process) in processes) sampler.Watch(spec.Name, process.Pid);
            var ready = await Task.WhenAll(processes.Select(p => Suite.WaitReadyAsync(label, p.Spec, p.Process, TimeSpan.FromSeconds(120))));
            Console.WriteLine($"{label}: ready ({string.Join(", ", processes.Select((p, i) => $"{p.Spec.Name} {ready[i]:N1} s"))}); broker {bootstrap}");

            await using var kafka = new KafkaMonitor(bootstrap, Groups, origin);
            var tracker = new OrderTracker();
            using var watcher = new OrderEndWatcher(bootstrap, tracker.Shipped, tracker.Cancelled);
            var load = new LoadGenerator(ServiceSpec.All[0].Url, tracker);

            await PrimeAsync(load, tracker);
            await RunPhaseAsync("warm-up", "fixed", options.WarmupRate, options.WarmupSeconds, load, tracker, kafka, bootstrap, record: false);
            foreach (var database in ServiceSpec.Databases) await postgres.AnalyzeAsProductionSizedAsync(database, options.AnalyzeThreshold);
            return (await RunPhaseAsync(name, mode, rate, options.DurationSeconds, load, tracker, kafka, bootstrap, record: true))!;
        }
        finally
        {
            foreach (var (spec, process) in processes) { sampler.Forget(spec.Name); await process.DisposeAsync(); }
            sampler.Forget("broker");
        }
    }

    /// <summary>
    /// One order through the whole lifecycle before anything is timed: the services generate and compile each
    /// handler on its first message (Wolverine's dynamic code mode), which takes seconds on a busy 2-core box.
    /// </summary>
    private static async Task PrimeAsync(LoadGenerator load, OrderTracker tracker)
    {
        Console.WriteLine("prime: one order through the whole lifecycle (first use compiles each handler)...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await load.RunFixedRateAsync(1, TimeSpan.FromSeconds(1), CancellationToken.None);
        while (tracker.Completions.Count == 0 && tracker.Failed == 0 && tracker.Cancellations.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(180)) await Task.Delay(200);
        if (tracker.Completions.Count == 0)
            throw new BenchFailure("prime", tracker.Failed > 0 ? $"the first order failed: {string.Join(", ", tracker.Failures.Select(f => $"{f.Key}×{f.Value}"))}"
                : tracker.Cancellations.Count > 0 ? "the first order ended cancelled (Ordering's log says why; a payment deadline shorter than the first payment takes?)"
                : "the first order did not reach Shipped within 180 s (see the services' logs in the results folder's logs/)");
        Console.WriteLine($"prime: shipped after {clock.Elapsed.TotalSeconds:N1} s");
    }

    private async Task<PhaseResult?> RunPhaseAsync(string name, string mode, double? rate, int seconds, LoadGenerator load, OrderTracker tracker, KafkaMonitor kafka, string bootstrap, bool record)
    {
        Console.WriteLine($"phase {name}: {seconds} s{(rate is { } r ? $" at {r:0.#} orders/s offered" : $", {options.MaxInFlight} orders in flight")}...");
        var databases = ServiceSpec.All.Select(s => s.Database).ToList();
        var transactionsBefore = await postgres.CommittedTransactionsAsync(databases);
        var kafkaBefore = await kafka.SampleAsync();
        var metricsBefore = await ScrapeMetricsAsync(); // before the clock starts: a service slow to answer must not lengthen the phase
        var start = DateTime.UtcNow;
        var failedBefore = tracker.Failed;
        var failuresBefore = tracker.Failures.ToDictionary(); // the prime's and warm-up's are not this phase's
        var startedBefore = load.Started;

        using var progress = new Timer(_ => Console.WriteLine(
            $"  {(DateTime.UtcNow - start).TotalSeconds,4:N0} s: started {load.Started - startedBefore}, shipped {tracker.Completions.Count(c => c.Intended >= start)}, in flight {tracker.InFlight}, failed {tracker.Failed - failedBefore}, cancelled {tracker.Cancellations.Count(i => i >= start)}"),
            null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        if (mode == "fixed") await load.RunFixedRateAsync(rate!.Value, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        else await load.RunMaxThroughputAsync(options.MaxInFlight, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        var end = DateTime.UtcNow;
        var kafkaAfter = await kafka.SampleAsync();
        var metricsAfter = await ScrapeMetricsAsync();
        await progress.DisposeAsync();

        // Drain: the orders started in this phase may still be on their way.
        try { await load.RequestsDoneAsync().WaitAsync(TimeSpan.FromSeconds(options.DrainSeconds)); }
        catch (TimeoutException)
        {
            // Three requests of up to 30 s each can outlast the drain. An order still waiting for an answer is neither
            // shipped, cancelled nor failed, so it counts as unfinished, and the phase's figures are still written.
            Console.WriteLine($"  some orders' HTTP requests were still unanswered after the {options.DrainSeconds} s drain; they count as unfinished");
        }
        var drainEnd = DateTime.UtcNow + TimeSpan.FromSeconds(options.DrainSeconds);
        while (tracker.InFlight > 0 && DateTime.UtcNow < drainEnd) await Task.Delay(200);
        await Task.Delay(1500); // PostgreSQL flushes backend statistics at most once a second
        var transactionsAfter = await postgres.CommittedTransactionsAsync(databases);
        Console.WriteLine($"  done: {tracker.InFlight} order(s) still in flight after the {options.DrainSeconds} s drain");
        var cancelled = tracker.Cancellations.Count(intended => intended >= start);
        if (cancelled > 0) Console.WriteLine($"  {cancelled} order(s) ended cancelled instead of shipped (Ordering's log says why: its payment deadline, say)");
        if (!record) return null;

        // Every order this phase started (the generator's last tick can fall a hair after `end`; no later phase has begun).
        var mine = tracker.Completions.Where(c => c.Intended >= start).ToList();
        var failed = tracker.Failed - failedBefore;
        var inWindow = tracker.Completions.Count(c => c.Shipped >= start && c.Shipped < end);
        var duration = (end - start).TotalSeconds;
        var started = load.Started - startedBefore;
        var rates = Writes.ToDictionary(w => w.Key, w => new ServiceRates(
            Groups.Where(g => g.Service == w.Key).Sum(g => kafkaAfter.GroupPositions.GetValueOrDefault(g.Group) - kafkaBefore.GroupPositions.GetValueOrDefault(g.Group)) / duration,
            w.Value.Sum(t => kafkaAfter.TopicEnds.GetValueOrDefault(t) - kafkaBefore.TopicEnds.GetValueOrDefault(t)) / duration));
        var (phaseStart, phaseEnd) = ((start - origin).TotalSeconds, (end - origin).TotalSeconds); // the samplers' clock
        var cpu = sampler.Samples.Where(s => s.Second >= phaseStart && s.Second <= phaseEnd).ToList();
        var peaks = sampler.PeakRssMb;
        var usage = cpu.Where(s => s.Process != "machine").GroupBy(s => s.Process)
            .Select(g => new ProcessUsage(g.Key, g.Average(s => s.CpuPercent), g.Max(s => s.CpuPercent), peaks.GetValueOrDefault(g.Key))).OrderBy(u => u.Process).ToList();
        var lagSamples = kafka.Samples.Where(s => s.Second >= phaseStart && s.Second <= (drainEnd - origin).TotalSeconds).ToList();
        var timeline = Enumerable.Range(0, (int)Math.Ceiling((DateTime.UtcNow - start).TotalSeconds)).Select(i =>
        {
            var from = start.AddSeconds(i);
            var those = tracker.Completions.Where(c => c.Shipped >= from && c.Shipped < from.AddSeconds(1)).Select(c => c.LatencyMs).ToList();
            var second = (from - origin).TotalSeconds;
            var lag = kafka.Samples.Where(s => s.Second >= second && s.Second < second + 1).Select(s => Groups.ToDictionary(g => g.Group, s.Lag)).FirstOrDefault() ?? new Dictionary<string, long>();
            return new TimelinePoint(second, those.Count, those.Count > 0 ? Latency.Of(those).P99Ms : null, lag);
        }).ToList();

        Console.WriteLine($"  reading the log of the phase's {mine.Count} orders for the lifecycle steps...");
        IReadOnlyList<LifecycleStep>? steps = null;
        try { steps = LifecycleSteps.Of(mine, LifecycleLog.Read(bootstrap, mine.Select(c => c.OrderId).ToHashSet())); }
        catch (Exception e) when (e is TimeoutException or Confluent.Kafka.KafkaException) // a partition that stops answering, a broker error
        {
            // The phase's own figures are measured already; a log that cannot be read costs only this table.
            Console.WriteLine($"  lifecycle steps NOT measured: {e.Message}");
        }

        // Judged on the phase alone: in the drain that follows every consumer catches up.
        var fellBehind = LagTrend.Of(lagSamples.Where(s => s.Second <= phaseEnd).ToList(), Groups);
        if (fellBehind is null) Console.WriteLine($"  consumer lag NOT judged: fewer than {3 * LagTrend.MinimumSamplesPerThird} lag samples in the phase");
        foreach (var fell in fellBehind ?? [])
            Console.WriteLine($"  {fell.Group} fell behind: lag at least {fell.LateLowest:N0} in the phase's last third, at most {fell.EarlyHighest:N0} in its first");

        var result = new PhaseResult(name, mode, rate, duration, started, mine.Count, inWindow, failed,
            tracker.FailuresSince(failuresBefore), started - mine.Count - failed - cancelled, inWindow / duration, Latency.Of(mine.Select(c => c.LatencyMs)), rates,
            mine.Count > 0 ? (double)(transactionsAfter - transactionsBefore) / mine.Count : null,
            usage, cpu.Where(s => s.Process == "machine").Select(s => s.CpuPercent).DefaultIfEmpty().Average(),
            Groups.ToDictionary(g => g.Group, g => lagSamples.Select(s => s.Lag(g)).DefaultIfEmpty().Max()), timeline, steps, fellBehind, cancelled,
            CollectionsBetween(metricsBefore, metricsAfter, duration), ListenersBetween(metricsBefore, metricsAfter));
        Console.WriteLine($"  {result.OrdersPerSecond:N1} orders/s completed; latency p50 {result.Latency.P50Ms:N0} ms, p99 {result.Latency.P99Ms:N0} ms, max {result.Latency.MaxMs:N0} ms; " +
                          $"{result.PostgresTransactionsPerOrder:N1} PG transactions/order; machine CPU {result.MachineCpuPercentAvg:N0}% of {Environment.ProcessorCount * 100}%");
        return result;
    }

    private static readonly HttpClient MetricsClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Each service's /metrics text; null for a service that did not answer.</summary>
    private static async Task<IReadOnlyDictionary<string, string?>> ScrapeMetricsAsync()
    {
        var expositions = await Task.WhenAll(ServiceSpec.All.Select(s => PrometheusText.ScrapeAsync(MetricsClient, s.Url)));
        return ServiceSpec.All.Select((s, i) => (s.Name, Text: expositions[i])).ToDictionary(x => x.Name, x => x.Text);
    }

    /// <summary>Each service's collections between the phase's two scrapes; a service missing from either is left out, and named.</summary>
    private static IReadOnlyList<GcUsage> CollectionsBetween(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after, double seconds)
    {
        var snapshots = ServiceSpec.All.ToDictionary(s => s.Name, s => (Before: Gc(before[s.Name]), After: Gc(after[s.Name])));
        var unread = ServiceSpec.All.Where(s => snapshots[s.Name] is not ({ }, { })).Select(s => s.Name).ToList();
        if (unread.Count > 0) Console.WriteLine($"  garbage collections NOT measured for {string.Join(", ", unread)}: no GC counters at {PrometheusEndpoint.Path} ({PrometheusEndpoint.EnabledSetting} off?)");
        return ServiceSpec.All.Where(s => !unread.Contains(s.Name)).Select(s => snapshots[s.Name].After!.Since(snapshots[s.Name].Before!, s.Name, seconds)).ToList();

        static GcSnapshot? Gc(string? exposition) => exposition is null ? null : GcCounters.Parse(exposition);
    }

    /// <summary>Each service's batched listeners between the phase's two scrapes; a service missing from either is left out.</summary>
    private static IReadOnlyList<ListenerHop> ListenersBetween(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        ServiceSpec.All.Where(s => before[s.Name] is not null && after[s.Name] is not null)
            .SelectMany(s => ListenerHops.Between(s.Name, ListenerHops.Parse(before[s.Name]!), ListenerHops.Parse(after[s.Name]!)))
            .ToList();
}
