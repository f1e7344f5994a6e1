using System.Diagnostics;
using Orders.Bench.Monitoring;

namespace Orders.UnitTests.Bench;

/// <summary>What the sampler reports for a process once it has been forgotten (each phase restarts the services under the same names).</summary>
public class ProcessSamplerTests
{
    [Fact]
    public async Task Given_a_watched_process_that_is_forgotten_When_peaks_are_read_Then_its_peak_memory_is_gone_so_a_successor_under_its_name_reports_only_its_own()
    {
        await using var sampler = new ProcessSampler(DateTime.UtcNow);
        sampler.Watch("ordering", Environment.ProcessId);
        var waited = Stopwatch.StartNew();
        while (!sampler.PeakRssMb.ContainsKey("ordering") && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        Assert.True(sampler.PeakRssMb.ContainsKey("ordering"), "the sampler never read this process's memory");

        sampler.Forget("ordering");

        Assert.False(sampler.PeakRssMb.ContainsKey("ordering"));
    }
}
