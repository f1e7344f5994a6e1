using Orders.Chaos;
using Orders.Chaos.Faults;

namespace Orders.UnitTests.Chaos;

/// <summary>`make chaos` promises at least its minimum of faults: one that could not be injected is made up for.</summary>
public class FaultInjectorTests
{
    /// <summary>Faults that succeed except the listed attempts (1-based), each taking a while, as a disruption does.</summary>
    private sealed class ScriptedFaults(TimeSpan duration, params int[] failingAttempts) : IFaultActions
    {
        private int _attempts;
        public int Attempts => Volatile.Read(ref _attempts);
        public int Clears { get; private set; }

        public async Task<string> InjectAsync(string kind, CancellationToken cancellation)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            await Task.Delay(duration, cancellation);
            if (failingAttempts.Contains(attempt)) throw new InvalidOperationException("Broker: Request timed out");
            return $"{kind} #{attempt}";
        }

        public void ClearBrokerFaults() => Clears++;
    }

    [Fact]
    public async Task Given_the_last_disruption_fails_after_the_load_ended_When_the_run_ends_Then_another_fault_makes_up_the_minimum()
    {
        // Disruptions run in the background, one at a time; the third is still running (and counted as pending) when the
        // load has ended and the minimum looks reached, then fails.
        var faults = new ScriptedFaults(TimeSpan.FromMilliseconds(150), failingAttempts: 3);
        var injector = new FaultInjector(faults, [FaultCatalogNames.GroupReset], new Random(1));

        await injector.RunAsync(Task.CompletedTask, minFaults: 3, interval: TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Equal(3, injector.Total);
        Assert.Equal(4, faults.Attempts);
        Assert.Equal(1, faults.Clears);
    }

    [Fact]
    public async Task Given_faults_that_succeed_When_the_load_ends_first_Then_every_kind_is_injected_once_and_the_minimum_is_reached()
    {
        var faults = new ScriptedFaults(TimeSpan.Zero);
        string[] kinds = [FaultCatalogNames.Latency, FaultCatalogNames.ServiceCrash, FaultCatalogNames.Duplicates];
        var injector = new FaultInjector(faults, kinds, new Random(1));

        await injector.RunAsync(Task.CompletedTask, minFaults: 5, interval: TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.True(injector.Total >= 5, $"{injector.Total} faults");
        Assert.All(kinds, kind => Assert.True(injector.Injected[kind] >= 1, $"{kind} never injected"));
        Assert.Equal(injector.Total, faults.Attempts);
    }

    [Fact]
    public async Task Given_faults_that_can_never_be_injected_When_the_load_has_ended_Then_the_injector_gives_up_after_its_cap_and_says_so()
    {
        var faults = new ScriptedFaults(TimeSpan.Zero, failingAttempts: [.. Enumerable.Range(1, 1_000)]);
        var injector = new FaultInjector(faults, [FaultCatalogNames.Latency, FaultCatalogNames.ProduceErrors], new Random(1));
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // an injector that never gives up fails here instead of hanging

        await injector.RunAsync(Task.CompletedTask, minFaults: 3, interval: TimeSpan.FromMilliseconds(1), hang.Token);

        Assert.Equal(0, injector.Total);
        Assert.Equal(FaultInjector.MaxFailuresInARow, faults.Attempts);
        Assert.Equal(1, faults.Clears);
        Assert.Equal($"gave up injecting after {FaultInjector.MaxFailuresInARow} failed attempts in a row: 0 of the minimum 3 faults injected, never latency, produce-errors", injector.GaveUp);
    }

    /// <summary>Faults that succeed except for one kind, which fails its first <paramref name="failures"/> attempts.</summary>
    private sealed class FailingKind(string kind, int failures) : IFaultActions
    {
        private int _failed;
        public async Task<string> InjectAsync(string what, CancellationToken cancellation)
        {
            await Task.Yield();
            if (what == kind && _failed++ < failures) throw new InvalidOperationException("the group's partitions were not assigned in time");
            return what;
        }

        public void ClearBrokerFaults() { }
    }

    [Fact]
    public async Task Given_a_kind_whose_first_injection_fails_When_the_minimum_is_reached_by_others_Then_it_comes_round_again_and_is_injected()
    {
        string[] kinds = [FaultCatalogNames.GroupReset, FaultCatalogNames.Latency];
        var injector = new FaultInjector(new FailingKind(FaultCatalogNames.GroupReset, failures: 1), kinds, new Random(1));

        await injector.RunAsync(Task.CompletedTask, minFaults: 1, interval: TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Equal(1, injector.Injected[FaultCatalogNames.GroupReset]);
        Assert.Null(injector.GaveUp);
    }

    [Fact]
    public async Task Given_a_kind_that_can_never_be_injected_When_the_others_reach_the_minimum_Then_the_injector_gives_up_naming_it()
    {
        string[] kinds = [FaultCatalogNames.GroupReset, FaultCatalogNames.Latency];
        var injector = new FaultInjector(new FailingKind(FaultCatalogNames.GroupReset, failures: int.MaxValue), kinds, new Random(1));
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await injector.RunAsync(Task.CompletedTask, minFaults: 1, interval: TimeSpan.FromMilliseconds(1), hang.Token);

        Assert.Equal(0, injector.Injected[FaultCatalogNames.GroupReset]);
        Assert.EndsWith($"never {FaultCatalogNames.GroupReset}", injector.GaveUp);
    }

    [Fact]
    public async Task Given_no_fault_kinds_When_run_Then_only_the_load_runs()
    {
        var faults = new ScriptedFaults(TimeSpan.Zero);
        var injector = new FaultInjector(faults, [], new Random(1));

        await injector.RunAsync(Task.CompletedTask, minFaults: 0, interval: TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Equal(0, faults.Attempts);
    }
}
