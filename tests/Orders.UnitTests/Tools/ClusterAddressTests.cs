using Microsoft.Extensions.Configuration;
using Orders.Tools;

namespace Orders.UnitTests.Tools;

/// <summary>orders-tools finds the cluster the operator named, in the order its usage promises.</summary>
public class ClusterAddressTests
{
    private static IConfiguration Environment(params (string Key, string Value)[] variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Given_a_SASL_setting_and_KAFKA_BOOTSTRAP_SERVERS_When_resolved_Then_that_cluster_not_the_settings_default()
    {
        var environment = Environment(("Kafka:SaslMechanism", "ScramSha512"), ("KAFKA_BOOTSTRAP_SERVERS", "kafka.prod:9093"));

        Assert.Equal("kafka.prod:9093", ClusterAddress.Resolve(null, environment));
    }

    [Fact]
    public void Given_both_variables_When_resolved_Then_Kafka__BootstrapServers_wins()
    {
        var environment = Environment(("Kafka:BootstrapServers", "a:9092"), ("KAFKA_BOOTSTRAP_SERVERS", "b:9092"));

        Assert.Equal("a:9092", ClusterAddress.Resolve(null, environment));
    }

    [Fact]
    public void Given_the_option_and_both_variables_When_resolved_Then_the_option_wins()
    {
        var environment = Environment(("Kafka:BootstrapServers", "a:9092"), ("KAFKA_BOOTSTRAP_SERVERS", "b:9092"));

        Assert.Equal("c:9092", ClusterAddress.Resolve("c:9092", environment));
    }

    [Fact]
    public void Given_nothing_set_When_resolved_Then_none_so_the_tool_asks_for_it()
    {
        Assert.Null(ClusterAddress.Resolve(null, Environment(("Kafka:SaslMechanism", "Plain"))));
    }
}
