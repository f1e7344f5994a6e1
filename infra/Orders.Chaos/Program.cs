// make chaos: the three services as processes on the embedded broker, an open-loop load of orders, a mix of faults
// while it runs, then the invariant checker. Prints a table; exit status 0 only when every invariant holds.
//   dotnet Orders.Chaos.dll [--orders N] [--rate R] [--min-faults F] [--faults kind,kind] [--seed S] [--postgres CONN]
using System.Diagnostics;
using Orders.Chaos;
using Orders.Chaos.Faults;
using Orders.Verification;

ChaosOptions options;
try { options = ChaosOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine($"chaos: {e.Message}"); return 2; }

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var (root, configuration) = BuildLayout.Locate();
var random = new Random(options.Seed);
Console.WriteLine($"chaos: {options.Orders} orders at {options.RatePerSecond}/s, at least {options.MinFaults} faults of {string.Join(", ", options.FaultKinds)}, seed {options.Seed}");

await using var suite = await ChaosSuite.StartAsync(options, root, configuration, stop.Token);
var ordering = new ResilientHttp(suite.Ordering.BaseAddress);
var load = new LoadGenerator(ordering, new Random(random.Next()));
var actions = new FaultActions(suite, new Random(random.Next()));
var kinds = FaultCatalogNames.All.Where(options.FaultKinds.Contains).ToList();
var injector = new FaultInjector(actions, kinds, new Random(random.Next()));

var clock = Stopwatch.StartNew();
var orders = load.RunAsync(options.Orders, options.RatePerSecond, stop.Token);
var interval = TimeSpan.FromSeconds(Math.Clamp(options.Orders / options.RatePerSecond / Math.Max(1, options.MinFaults * 1.2), 0.3, 3));
await injector.RunAsync(orders, options.MinFaults, interval, stop.Token); // with no kinds (--faults ,) it only awaits the load
var ids = await orders;
var loadTime = clock.Elapsed;
Console.WriteLine($"chaos: load and faults done after {loadTime.TotalSeconds:0} s: {ids.Count} orders, {injector.Total} faults; waiting for quiet");

if (ReportDeaths(suite)) return 1;
var quiet = await Quiet.WaitAsync(ordering.GetAsync, suite.Broker.BootstrapServers, suite.Databases, ids, options.QuietTimeout, line => Console.WriteLine($"chaos: {line}"), stop.Token);
if (quiet is null) await ReportWhatKeptItBusyAsync(suite, stop.Token);
if (ReportDeaths(suite)) return 1;
var report = await new InvariantChecker(suite.ForChecker(), ownsTheLog: true).CheckAsync(ids, stop.Token, load.Expected); // its own broker: every order is the load's

Console.WriteLine();
Console.WriteLine(ChaosTable.Render(options, injector.Injected, report, loadTime, quiet, load.Rejected, injector.GaveUp));
if (!report.Holds) Console.WriteLine(report);
return ChaosTable.Failures(report, quiet, load.Rejected, injector.GaveUp).Count == 0 ? 0 : 1;

// A service that died by itself (not a crash the runner injected, which it restarts) is a finding of its own: said plainly
// instead of failing later on its refused connections.
static bool ReportDeaths(ChaosSuite suite)
{
    var deaths = suite.Services.Values.Select(s => s.Death).OfType<string>().ToList();
    foreach (var death in deaths) Console.WriteLine($"chaos: {death}");
    return deaths.Count > 0;
}

// The rows still pending and each service's last warnings: the next run overwrites the logs, and a stuck row's owner,
// destination and type are what tell a lost wake-up from a slow one.
static async Task ReportWhatKeptItBusyAsync(ChaosSuite suite, CancellationToken cancellation)
{
    Console.WriteLine("chaos: not quiet; messages still in outboxes and inboxes:");
    var pending = await Quiet.DescribePendingAsync(suite.Databases, cancellation);
    foreach (var line in pending.DefaultIfEmpty("none (orders not terminal, or the log still growing)")) Console.WriteLine($"chaos:   {line}");
    foreach (var process in suite.Services.Values)
    {
        Console.WriteLine($"chaos: {process.Name}'s last warnings and errors:");
        foreach (var line in process.LastProblems(20)) Console.WriteLine($"chaos:   {line}");
    }
}
