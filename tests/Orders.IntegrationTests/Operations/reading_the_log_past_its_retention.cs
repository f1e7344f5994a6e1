using Confluent.Kafka;
using Orders.Kafka.Embedded;
using Orders.ServiceDefaults.Kafka;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// Retention drops a partition's oldest records (the embedded broker keeps about 5 MB of each). A read "from the start"
/// starts where the log starts now; a read from a position retention already dropped fails, rather than jumping to the
/// end and looking like a complete read of nothing.
/// </summary>
public sealed class reading_the_log_past_its_retention : IDisposable
{
    private const string Topic = "retention-probe";
    private readonly EmbeddedKafkaCluster _broker = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = [new EmbeddedTopic(Topic, 1)] });
    private readonly TopicPartition _partition = new(Topic, 0);

    public reading_the_log_past_its_retention()
    {
        // 8 MB in 100 KB records: more than the broker keeps, so the log no longer starts at 0.
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Acks = Acks.All }).Build();
        for (var i = 0; i < 80; i++) producer.Produce(Topic, new Message<string, byte[]> { Key = i.ToString(), Value = new byte[100_000] });
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void a_read_from_the_start_returns_every_record_the_log_still_holds()
    {
        var (low, high) = Watermarks();
        Assert.True(low > 0, $"the log still starts at 0 (high {high}): retention dropped nothing, so this test shows nothing");
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = _broker.BootstrapServers });

        var records = log.Read(log.CurrentEnd([Topic])).ToList();

        Assert.Equal(Enumerable.Range((int)low, (int)(high - low)).Select(o => (long)o), records.Select(r => r.Offset));
    }

    [Fact]
    public void a_read_from_a_position_retention_dropped_fails()
    {
        var (low, _) = Watermarks();
        Assert.True(low > 0, "retention dropped nothing, so this test shows nothing");
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = _broker.BootstrapServers });
        var dropped = new KafkaLog.Cut(new Dictionary<TopicPartition, long> { [_partition] = low - 1 });

        Assert.Throws<ConsumeException>(() => log.Read(log.CurrentEnd([Topic]), dropped).ToList());
    }

    private (long Low, long High) Watermarks()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = "watermarks" }).Build();
        var marks = consumer.QueryWatermarkOffsets(_partition, TimeSpan.FromSeconds(10));
        return (marks.Low.Value, marks.High.Value);
    }

    public void Dispose() => _broker.Dispose();
}
