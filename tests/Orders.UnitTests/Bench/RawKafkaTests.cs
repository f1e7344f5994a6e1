using Orders.Bench;
using Orders.Bench.Baseline;
using Orders.Contracts;
using Orders.Kafka.Embedded;

namespace Orders.UnitTests.Bench;

/// <summary>The raw baseline's consumers fetch each topic as the services do on the embedded broker, so the ratio compares like with like.</summary>
public class RawKafkaTests
{
    [Fact]
    public void Given_the_embedded_broker_profile_When_the_baseline_reads_it_Then_each_topic_waits_as_the_services_consumer_of_it_does()
    {
        var repository = BenchOptions.FindRepo();
        var profile = EmbeddedKafkaProfile.ServiceSettings(repository);
        var kafka = RawKafka.AsTheServicesGetIt("localhost:9092", repository);

        foreach (var lifecycleHop in new[] { Topics.PaymentsCommands, Topics.PaymentsEvents, Topics.ShippingCommands, Topics.ShippingEvents })
            Assert.Equal(int.Parse(profile[$"Kafka__FetchWaitMaxMsByTopic__{lifecycleHop}"]), kafka.FetchWaitMaxMsFor(lifecycleHop));
        Assert.Null(kafka.FetchWaitMaxMsFor(Topics.OrdersEvents)); // the projection keeps librdkafka's wait, in the suite as here
        Assert.Equal("localhost:9092", kafka.Bootstrap);
    }
}
