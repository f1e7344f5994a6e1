using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Bench.Results;

/// <summary>Writes latest.json, latest.md and latest.png (plus a timestamped copy of the JSON) into the results folder.</summary>
public static class ResultsWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<BenchResults> WriteAsync(BenchOptions options, DateTime origin, string durability,
        IReadOnlyList<PhaseResult> phases, BaselineResult? baseline, IReadOnlyList<RebuildMeasurement> rebuild)
    {
        var fixedPhase = phases.FirstOrDefault(p => p.Mode == "fixed");
        var maxPhase = phases.FirstOrDefault(p => p.Mode == "max");
        var ordersPerSecond = maxPhase?.OrdersPerSecond;
        var rebuildRate = rebuild.FirstOrDefault(r => r.Service == "ordering" && r.What.StartsWith("rebuild"))?.EventsPerSecond;
        var ratio = ordersPerSecond is { } s && baseline is { OrdersPerSecond: > 0 } b ? s / b.OrdersPerSecond : (double?)null;

        var targets = Targets(options, maxPhase, fixedPhase, rebuildRate, ratio);

        var notes = new List<string>
        {
            $"{Environment.ProcessorCount} cores shared by everything: broker, PostgreSQL, three services and the load generator (its CPU is the 'bench' row).",
            "The 'machine' CPU column counts every process on the box, including ones outside the bench; when it is far above the sum of the rows, the run was disturbed.",
            "Lifecycle latency runs from the scheduled start of POST /orders to the producer timestamp of the OrderShipped record on orders-events.",
            $"Shipping:DispatchDelay = {options.DispatchDelay:c} (the simulated picking time; its default of 2 s would dominate the latency).",
            options.AnalyzeThreshold > 0
                ? $"The databases are minutes old, and stand in for production-sized ones: after each warm-up every table is analyzed and autoanalyzed again only after {options.AnalyzeThreshold:N0} changed rows plus 10% (as a table of {options.AnalyzeThreshold * 10:N0} rows would be), Wolverine's queue tables as PostgreSQL has them; BENCH_ANALYZE_THRESHOLD=0 measures them as young tables."
                : "The databases are minutes old and keep PostgreSQL's autoanalyze (BENCH_ANALYZE_THRESHOLD=0): every growing table is re-analyzed every few seconds, as a production-sized one would not be.",
        };
        var results = new BenchResults(origin, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}", durability,
            new Dictionary<string, string>
            {
                ["BENCH_DURATION"] = options.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                ["BENCH_WARMUP"] = options.WarmupSeconds.ToString(CultureInfo.InvariantCulture),
                ["BENCH_WARMUP_RATE"] = options.WarmupRate.ToString(CultureInfo.InvariantCulture),
                ["BENCH_DRAIN"] = options.DrainSeconds.ToString(CultureInfo.InvariantCulture),
                ["BENCH_DISPATCH_DELAY"] = options.DispatchDelay.ToString("c"),
                ["BENCH_RATE"] = options.OfferedRate.ToString(CultureInfo.InvariantCulture),
                ["BENCH_MAX_INFLIGHT"] = options.MaxInFlight.ToString(CultureInfo.InvariantCulture),
                ["BENCH_REBUILD_EVENTS"] = options.RebuildEvents.ToString(CultureInfo.InvariantCulture),
                ["BENCH_REBUILD_PARTITIONS"] = options.RebuildPartitions.ToString(CultureInfo.InvariantCulture),
                ["BENCH_PHASES"] = string.Join(",", options.Phases),
                ["BENCH_ANALYZE_THRESHOLD"] = options.AnalyzeThreshold.ToString(CultureInfo.InvariantCulture),
            },
            ordersPerSecond, fixedPhase?.Latency.P99Ms, rebuildRate, ratio, baseline?.OrdersPerSecond, phases, baseline, rebuild, targets, notes);

        Directory.CreateDirectory(options.OutputDirectory);
        var json = JsonSerializer.Serialize(results, Json);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.json"), json);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, $"run-{origin:yyyyMMdd-HHmmss}.json"), json);
        var markdown = Markdown(results);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "latest.md"), markdown);
        if (phases.Count > 0) Chart.Write(phases, Path.Combine(options.OutputDirectory, "latest.png"));
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"bench: results in {Path.Combine(options.OutputDirectory, "latest.json")}, latest.md{(phases.Count > 0 ? ", latest.png" : "")}");
        return results;
    }

    /// <summary>The issue's targets against this run; a target whose phase did not run is left out.</summary>
    public static IReadOnlyList<TargetCheck> Targets(BenchOptions options, PhaseResult? maxPhase, PhaseResult? fixedPhase, double? rebuildRate, double? ratio)
    {
        var targets = new List<TargetCheck>();
        if (maxPhase is not null)
        {
            // Sustained means every consumer followed: a rate that leaves a read model further behind each second is not,
            // and one whose lag could not be judged has not shown that it is.
            var behind = maxPhase.FellBehind;
            var why = behind is null ? " (consumer lag not judged: too few samples)"
                : behind.Count > 0 ? $" ({string.Join(", ", behind.Select(f => f.Group))} fell behind)" : "";
            targets.Add(new($"≥500 completed orders/s sustained {options.DurationSeconds} s", $"{maxPhase.OrdersPerSecond:N1}/s{why}",
                maxPhase.OrdersPerSecond >= 500 && options.DurationSeconds >= 60 && behind is { Count: 0 }));
        }
        if (fixedPhase is not null)
        {
            // The p99 is of the orders that shipped: one that failed over HTTP, ended cancelled or never finished would
            // hide in it (NotFinished leaves out the failed ones).
            var cancelled = fixedPhase.Cancelled ?? 0;
            var unshipped = string.Join(", ", new[] { (Count: fixedPhase.Failed, What: "failed"), (Count: cancelled, What: "cancelled"), (Count: fixedPhase.NotFinished, What: "unfinished") }
                .Where(c => c.Count > 0).Select(c => $"{c.Count:N0} {c.What}"));
            targets.Add(new($"p99 < 250 ms at offered {options.OfferedRate:0.#}/s", $"{fixedPhase.Latency.P99Ms:N0} ms{(unshipped.Length > 0 ? $" ({unshipped})" : "")}",
                fixedPhase.Latency.P99Ms < 250 && fixedPhase.Failed == 0 && fixedPhase.NotFinished == 0 && cancelled == 0));
        }
        if (rebuildRate is { } rr) targets.Add(new("rebuild ≥20,000 events/s", $"{rr:N0}/s", rr >= 20_000));
        if (ratio is { } rt) targets.Add(new("suite ≥25% of raw baseline", Percent(rt), rt >= 0.25));
        return targets;
    }

    /// <summary>Two decimals: with one, a ratio of 0.2496 reads "25.0 %" beside a target of 25% it does not meet.</summary>
    private static string Percent(double ratio) => ratio.ToString("P2", CultureInfo.InvariantCulture);

    /// <summary>Writes the Markdown table and the chart again, next to a saved results JSON.</summary>
    public static async Task<int> RewriteAsync(string jsonPath)
    {
        var results = JsonSerializer.Deserialize<BenchResults>(await File.ReadAllTextAsync(jsonPath), Json)
                      ?? throw new InvalidDataException($"{jsonPath} holds no results.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(jsonPath))!;
        var name = Path.GetFileNameWithoutExtension(jsonPath);
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".md"), Markdown(results));
        if (results.Phases.Count > 0) Chart.Write(results.Phases, Path.Combine(folder, name + ".png"));
        Console.WriteLine($"bench: wrote {name}.md{(results.Phases.Count > 0 ? $" and {name}.png" : "")} in {folder}");
        return 0;
    }

    public static string Markdown(BenchResults r)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Bench {r.StartedAt:yyyy-MM-dd HH:mm} UTC ({r.Machine})");
        md.AppendLine();
        md.AppendLine($"Durability: {r.Durability}; producers idempotent, acks=all; durable outbox; durable inbox on every Wolverine listener; the batched listeners deduplicating in their own transaction (the OrderView projection by event id; the saga, Payment and Shipping by the state of the order, payment or shipment).");
        md.AppendLine();
        md.AppendLine("| headline | value |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| completed orders/s (max-throughput) | {F(r.OrdersPerSecond, "N1")} |");
        md.AppendLine($"| lifecycle p99 at fixed offered rate | {F(r.LatencyP99Ms, "N0")} ms |");
        md.AppendLine($"| raw baseline orders/s | {F(r.BaselineOrdersPerSecond, "N0")} |");
        md.AppendLine($"| suite / baseline | {(r.BaselineRatio is { } ratio ? Percent(ratio) : "n/a")} |");
        md.AppendLine($"| Ordering projection rebuild events/s | {F(r.RebuildEventsPerSecond, "N0")} |");
        md.AppendLine();
        if (r.Phases.Count > 0)
        {
            md.AppendLine("| phase | offered/s | started | completed | failed | cancelled | unfinished | orders/s | p50 ms | p95 ms | p99 ms | max ms | PG tx/order | machine CPU % |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var p in r.Phases)
                md.AppendLine($"| {p.Name} | {F(p.OfferedRate, "0.#")} | {p.Started} | {p.Completed} | {p.Failed} | {F(p.Cancelled, "0")} | {p.NotFinished} | {p.OrdersPerSecond:N1} | {p.Latency.P50Ms:N0} | {p.Latency.P95Ms:N0} | {p.Latency.P99Ms:N0} | {p.Latency.MaxMs:N0} | {F(p.PostgresTransactionsPerOrder, "N1")} | {p.MachineCpuPercentAvg:N0} |");
            md.AppendLine();
            md.AppendLine("| phase | service | messages in/s | messages out/s | max consumer lag |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var p in r.Phases)
                foreach (var (service, rates) in p.MessagesPerSecond)
                    md.AppendLine($"| {p.Name} | {service} | {rates.InPerSecond:N0} | {rates.OutPerSecond:N0} | {string.Join(", ", p.MaxLag.Where(l => l.Key.StartsWith($"orders-{service}.")).Select(l => $"{l.Key[(service.Length + 8)..]} {l.Value}"))} |");
            md.AppendLine();
            var fellBehind = r.Phases.SelectMany(p => (p.FellBehind ?? []).Select(f => (Phase: p.Name, f.Group, f.EarlyHighest, f.LateLowest))).ToList();
            foreach (var f in fellBehind)
                md.AppendLine($"**{f.Phase}: {f.Group} fell behind**: its lag was at least {f.LateLowest:N0} in the phase's last third, at most {f.EarlyHighest:N0} in its first; the phase's rate is more than it could follow.");
            if (fellBehind.Count > 0) md.AppendLine();
            foreach (var p in r.Phases.Where(p => p.Steps is { Count: > 0 }))
            {
                md.AppendLine($"Where the lifecycle latency goes, {p.Name}: each order's records in time order, the gap from one to the next (producer timestamps; a message to the one its handler sent is that handler's whole hop).");
                md.AppendLine();
                md.AppendLine("| from | to | orders | p50 ms | p95 ms | p99 ms | max ms |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var s in p.Steps!)
                    md.AppendLine($"| {s.From} | {s.To} | {s.Orders} | {s.Gap.P50Ms:N0} | {s.Gap.P95Ms:N0} | {s.Gap.P99Ms:N0} | {s.Gap.MaxMs:N0} |");
                md.AppendLine();
            }
            md.AppendLine("| phase | process | CPU % avg (100 = one core) | CPU % max | peak RSS MB |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var p in r.Phases)
                foreach (var u in p.Processes)
                    md.AppendLine($"| {p.Name} | {u.Process} | {u.CpuPercentAvg:N0} | {u.CpuPercentMax:N0} | {u.PeakRssMb:N0} |");
            md.AppendLine();
            PhaseTable(md, "Garbage collections and JIT time in each phase (the services' own counters, read from /metrics before and after it): a collection stalls every message its service holds; JIT time in a phase is code still being compiled at its higher tier while the phase ran, as elapsed time: on a saturated box it includes the compilations' waits for a core.",
                "| phase | service | gen0 | gen1 | gen2 | paused ms | paused % of the phase | JIT ms |",
                r.Phases.SelectMany(p => (p.Collections ?? []).Select(g =>
                    $"| {p.Name} | {g.Service} | {g.Gen0:N0} | {g.Gen1:N0} | {g.Gen2:N0} | {g.PauseMs:N0} | {g.PausePercent:N1} | {(g.JitMs is { } jit ? $"{jit:N0}" : "n/a")} |")));
            PhaseTable(md, "The batched listeners in each phase (their own histograms, read from /metrics before and after it): a hop of the lifecycle is its oldest record's age when polled (the producer's linger, the broker, the fetch's wait), the batch's apply (its transaction), then the send window of what it sent.",
                "| phase | service | topic | batches | records per batch | oldest record's age at poll, mean ms | apply, mean ms |",
                r.Phases.SelectMany(p => (p.Listeners ?? []).Select(l =>
                    $"| {p.Name} | {l.Service} | {l.Topic} | {l.Batches:N0} | {l.RecordsPerBatch:N1} | {F(l.AgeMsAvg, "N1")} | {l.ApplyMsAvg:N1} |")));
        }
        if (r.Baseline is { } b)
        {
            md.AppendLine($"Raw baseline ({b.Work}): {b.Orders:N0} orders shipped in the {b.Seconds:N1} s measured after its warm-up = **{b.OrdersPerSecond:N0} orders/s**, latency p50 {b.Latency.P50Ms:N0} ms, p99 {b.Latency.P99Ms:N0} ms; machine CPU {b.MachineCpuPercentAvg:N0}%; " +
                          string.Join(", ", b.Processes.Select(u => $"{u.Process} {u.CpuPercentAvg:N0}% CPU, {u.PeakRssMb:N0} MB")));
            var notSustained = (b.FellBehind ?? []).Select(f => $"{f.Group}'s lag climbed (at least {f.LateLowest:N0} in the window's last third, at most {f.EarlyHighest:N0} in its first)")
                .Concat((b.SkippedRecords ?? new Dictionary<string, long>()).Select(s => $"stage {s.Key} never read {s.Value:N0} records (fell behind the broker's retention)")).ToList();
            if (notSustained.Count > 0)
                md.AppendLine().AppendLine($"**Baseline not sustained**: {string.Join("; ", notSustained)}. Its rate is above what every stage followed, so the ratio understates the suite.");
            else if (b.FellBehind is null)
                md.AppendLine().AppendLine($"Whether every baseline stage kept up was not judged: fewer than {3 * Monitoring.LagTrend.MinimumSamplesPerThird} lag samples in its window (one a second); a longer `BENCH_DURATION` judges it.");
            md.AppendLine();
        }
        if (r.Rebuild.Count > 0)
        {
            md.AppendLine("| service | what | events | seconds | events/s | note |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var m in r.Rebuild) md.AppendLine($"| {m.Service} | {m.What} | {m.Events:N0} | {F(m.Seconds, "N1")} | {F(m.EventsPerSecond, "N0")} | {m.Note} |");
            md.AppendLine();
        }
        if (r.Targets.Count > 0)
        {
            md.AppendLine("| target | measured | met |");
            md.AppendLine("|---|---|---|");
            foreach (var t in r.Targets) md.AppendLine($"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
            md.AppendLine();
        }
        foreach (var n in r.Notes) md.AppendLine($"- {n}");
        return md.ToString();
    }

    /// <summary>A table of per-phase rows under its note; nothing when no phase has a row (results saved before the bench read them).</summary>
    private static void PhaseTable(StringBuilder md, string note, string header, IEnumerable<string> rows)
    {
        var lines = rows.ToList();
        if (lines.Count == 0) return;
        md.AppendLine(note).AppendLine();
        md.AppendLine(header).AppendLine(string.Concat(Enumerable.Repeat("|---", header.Count(c => c == '|') - 1)) + "|");
        foreach (var line in lines) md.AppendLine(line);
        md.AppendLine();
    }

    private static string F(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
