using Orders.Chaos;
using Orders.Verification;

namespace Orders.UnitTests.Chaos;

/// <summary>The table's verdict says why a run fails, for every reason the runner's exit status fails it.</summary>
public class ChaosTableTests
{
    private static readonly ChaosOptions Options = new(1000, 10, 50, new HashSet<string>(), 42, TimeSpan.FromSeconds(300), "Host=x");
    private static readonly InvariantReport Holding = new(998, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []);
    private static readonly InvariantReport Violated = new(1000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ["order 1 lost"]);

    private static string Verdict(InvariantReport report, TimeSpan? quiet, int rejected) =>
        ChaosTable.Render(Options, new Dictionary<string, int>(), report, TimeSpan.FromSeconds(100), quiet, rejected)
            .Split('\n').Single(line => line.StartsWith("| verdict"));

    [Fact]
    public void Given_every_invariant_holding_and_quiet_but_two_creates_rejected_When_rendered_Then_the_verdict_fails_because_of_them()
    {
        Assert.Equal(["2 create(s) rejected"], ChaosTable.Failures(Holding, TimeSpan.FromSeconds(8), rejected: 2));
        Assert.EndsWith("| FAILED: 2 create(s) rejected |", Verdict(Holding, TimeSpan.FromSeconds(8), rejected: 2));
    }

    [Fact]
    public void Given_a_run_that_never_went_quiet_with_violations_When_rendered_Then_the_verdict_names_both()
    {
        Assert.EndsWith("| FAILED: invariants violated; not quiet within the timeout |", Verdict(Violated, null, rejected: 0));
    }

    [Fact]
    public void Given_a_run_whose_injector_gave_up_short_of_its_minimum_When_judged_Then_it_fails_because_of_that()
    {
        Assert.Equal(["faults: gave up after 20 failed attempts"], ChaosTable.Failures(Holding, TimeSpan.FromSeconds(8), 0, "gave up after 20 failed attempts"));
    }

    [Fact]
    public void Given_every_invariant_holding_quiet_and_nothing_rejected_When_rendered_Then_the_run_passes()
    {
        Assert.Empty(ChaosTable.Failures(Holding, TimeSpan.FromSeconds(8), rejected: 0));
        Assert.EndsWith("| all invariants hold |", Verdict(Holding, TimeSpan.FromSeconds(8), rejected: 0));
    }
}
