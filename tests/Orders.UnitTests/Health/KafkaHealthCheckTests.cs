using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orders.Contracts;
using Orders.ServiceDefaults.Health;

namespace Orders.UnitTests.Health;

/// <summary>A service's Kafka readiness follows the topics it reads, not one topic of the catalog.</summary>
public class KafkaHealthCheckTests
{
    private static readonly List<BrokerMetadata> OneBroker = [new(1, "127.0.0.1", 9092)];

    private static TopicMetadata Topic(string name, params int[] leaders) =>
        new(name, leaders.Select((leader, i) => new PartitionMetadata(i, leader, [1], [1], ErrorCode.NoError)).ToList(), ErrorCode.NoError);

    // What each service reads (its listeners, as ListenedTopics finds them at run time).
    private static readonly string[] PaymentReads = [Topics.PaymentsCommands];
    private static readonly string[] ShippingReads = [Topics.ShippingCommands, Topics.CustomersEvents];

    private static HealthCheckResult Judge(string[] reads, List<BrokerMetadata> brokers, params TopicMetadata[] topics) =>
        KafkaHealthCheck.Judge(new Metadata(brokers, topics.ToList(), 1, "broker"), reads);

    [Fact]
    public void Given_payments_commands_without_a_leader_When_Payment_is_judged_Then_it_is_degraded_whatever_orders_events_looks_like()
    {
        var result = Judge(PaymentReads, OneBroker, Topic(Topics.OrdersEvents, 1, 1), Topic(Topics.PaymentsCommands, 1, -1));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains(Topics.PaymentsCommands, result.Description);
    }

    [Fact]
    public void Given_orders_events_without_a_leader_When_Payment_is_judged_Then_it_is_healthy_for_it_does_not_read_it()
    {
        Assert.Equal(HealthStatus.Healthy, Judge(PaymentReads, OneBroker, Topic(Topics.OrdersEvents, -1), Topic(Topics.PaymentsCommands, 1)).Status);
    }

    [Fact]
    public void Given_a_topic_the_service_reads_missing_When_judged_Then_unhealthy_naming_it()
    {
        var result = Judge(ShippingReads, OneBroker, Topic(Topics.ShippingCommands, 1));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(Topics.CustomersEvents, result.Description);
    }

    [Fact]
    public void Given_no_broker_in_the_answer_When_judged_Then_unhealthy()
    {
        Assert.Equal(HealthStatus.Unhealthy, Judge(PaymentReads, [], Topic(Topics.PaymentsCommands, 1)).Status);
    }
}
