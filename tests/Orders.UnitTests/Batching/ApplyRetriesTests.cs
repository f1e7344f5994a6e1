using Npgsql;
using Orders.ServiceDefaults.Batching;

namespace Orders.UnitTests.Batching;

/// <summary>When a batched listener tries a failed write again: outages without end, conflicts a few times, the rest never.</summary>
public class ApplyRetriesTests
{
    private static readonly Exception Outage = new NpgsqlException("connection refused");
    private static readonly Exception Conflict = new JasperFx.ConcurrencyException("changed meanwhile");

    [Fact]
    public void Given_a_long_outage_When_a_conflict_follows_Then_the_conflict_is_still_retried()
    {
        var retries = new ApplyRetries();
        for (var i = 0; i < 100; i++) Assert.NotNull(retries.After(Outage));

        Assert.NotNull(retries.After(Conflict));
    }

    [Fact]
    public void Given_a_conflict_that_lasts_When_retried_Then_it_stops_after_the_limit_while_outages_go_on()
    {
        var retries = new ApplyRetries();
        for (var i = 0; i < ApplyRetries.MaxConflictRetries; i++) Assert.NotNull(retries.After(Conflict));

        Assert.Null(retries.After(Conflict));
        Assert.NotNull(retries.After(Outage));
    }

    [Fact]
    public void Given_a_failure_that_will_repeat_When_asked_Then_it_is_not_retried() =>
        Assert.Null(new ApplyRetries().After(new InvalidOperationException("a bug")));

    [Fact]
    public void Given_retries_When_counted_Then_both_kinds_add_up_and_pauses_grow()
    {
        var retries = new ApplyRetries();
        var first = retries.After(Outage);
        var second = retries.After(Outage);
        retries.After(Conflict);

        Assert.Equal(3, retries.Attempts);
        Assert.True(second > first);
    }

    [Fact]
    public async Task Given_an_outage_that_passes_When_run_Then_the_attempt_is_repeated_until_it_succeeds()
    {
        var retries = new ApplyRetries();
        var calls = 0;
        var told = new List<int>();

        await retries.RunAsync(() => ++calls < 3 ? Task.FromException(Outage) : Task.CompletedTask, _ => told.Add(retries.Attempts), CancellationToken.None);

        Assert.Equal(3, calls);
        Assert.Equal([1, 2], told);
    }

    [Fact]
    public async Task Given_a_failure_that_will_repeat_When_run_Then_it_reaches_the_caller_at_once()
    {
        var retries = new ApplyRetries();
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            retries.RunAsync(() => { calls++; throw new InvalidOperationException("a bug"); }, _ => Assert.Fail("not a retry"), CancellationToken.None));

        Assert.Equal(1, calls);
    }
}
