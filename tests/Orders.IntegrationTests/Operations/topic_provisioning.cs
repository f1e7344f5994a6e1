using Orders.Contracts;
using Orders.Kafka.Embedded;
using Orders.Tools.Provisioning;

namespace Orders.IntegrationTests.Operations;

/// <summary>Topics as code: the catalog is compared with a live cluster; what is missing is reported (or created), drift is never "fixed" silently.</summary>
public sealed class topic_provisioning
{
    [Fact]
    public async Task a_dry_run_reports_the_missing_topics_and_the_partition_drift_of_existing_ones()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
        {
            Topics = [new EmbeddedTopic(Topics.OrdersEvents, TopicCatalog.DefaultPartitions), new EmbeddedTopic(Topics.PaymentsEvents, 2)],
        });

        var findings = (await new TopicProvisioner(cluster.BootstrapServers).ProvisionAsync(TopicCatalog.All, apply: false)).ToDictionary(f => f.Topic);

        Assert.Equal("missing", findings[Topics.ShippingEvents].Status);
        Assert.Equal("missing", findings[Topics.PaymentsCommands].Status);
        Assert.Equal("drift", findings[Topics.PaymentsEvents].Status);
        Assert.Contains("2 partitions, catalog says 6", findings[Topics.PaymentsEvents].Detail);
        Assert.NotEqual("missing", findings[Topics.OrdersEvents].Status);
    }

    [Fact]
    public void event_topics_are_created_to_keep_history_forever_and_never_compact()
    {
        foreach (var spec in TopicCatalog.All.Where(t => t.Kind == TopicKind.Events))
        {
            var created = TopicProvisioner.ToSpecification(spec);
            Assert.Equal("-1", created.Configs["retention.ms"]);
            Assert.Equal("delete", created.Configs["cleanup.policy"]);
            Assert.Equal((short)3, created.ReplicationFactor);
            Assert.Equal("2", created.Configs["min.insync.replicas"]);
        }
        Assert.Equal("1", TopicProvisioner.ToSpecification(TopicCatalog.Get(Topics.OrdersEvents), replicationFactor: 1).Configs["min.insync.replicas"]);
    }
}
