using Orders.Chaos.Faults;

namespace Orders.UnitTests.Chaos;

/// <summary>`make chaos`'s leader failover moves a partition's leadership to a broker that does not lead it yet.</summary>
public class LeaderFailoverTests
{
    [Fact]
    public void Given_three_brokers_When_the_leader_moves_Then_it_goes_to_each_of_the_other_two_and_never_stays()
    {
        var random = new Random(7);

        var chosen = Enumerable.Range(0, 200).Select(_ => FaultActions.AnotherBroker(current: 2, brokerCount: 3, random)).ToHashSet();

        Assert.Equal(new HashSet<int> { 1, 3 }, chosen);
    }

    [Fact]
    public void Given_a_single_broker_When_the_leader_moves_Then_the_fault_cannot_be_injected()
    {
        Assert.Throws<InvalidOperationException>(() => FaultActions.AnotherBroker(current: 1, brokerCount: 1, new Random(1)));
    }
}
