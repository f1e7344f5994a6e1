// `make bench-micro`: micro-benchmarks of the pure hot paths. Arguments go to BenchmarkDotNet (e.g. --filter '*Upcast*').
// In-process toolchain: no generated project to restore, so it builds under the repository's central package rules.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

var job = Environment.GetEnvironmentVariable("BENCH_MICRO_JOB") == "short" ? Job.ShortRun : Job.Default;
var config = DefaultConfig.Instance
    .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
    .WithArtifactsPath(Environment.GetEnvironmentVariable("BENCH_MICRO_OUT") ?? Path.Combine("bench-results", "micro"));
BenchmarkSwitcher.FromAssembly(typeof(Orders.Benchmarks.DeciderBenchmarks).Assembly).Run(args.Length > 0 ? args : ["--filter", "*"], config);
