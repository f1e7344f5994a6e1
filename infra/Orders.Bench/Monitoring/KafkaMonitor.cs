using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Bench.Monitoring;

/// <summary>A consumer group of a service on one topic: its lag is what the service has not yet committed.</summary>
public sealed record WatchedGroup(string Service, string Group, string Topic);

/// <summary>One second: the log end of every topic and each group's committed position (summed over partitions).</summary>
public sealed record KafkaSample(double Second, IReadOnlyDictionary<string, long> TopicEnds, IReadOnlyDictionary<string, long> GroupPositions)
{
    public long Lag(WatchedGroup g) => TopicEnds.GetValueOrDefault(g.Topic) - GroupPositions.GetValueOrDefault(g.Group);
}

/// <summary>Samples topic ends and committed offsets once a second (watermark queries and <see cref="GroupOffsets"/>; it joins no group).</summary>
public sealed class KafkaMonitor : IAsyncDisposable
{
    private readonly GroupOffsets committed;
    private readonly IConsumer<Ignore, Ignore> watermarks;
    private readonly IReadOnlyList<WatchedGroup> groups;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> partitions;
    private readonly List<KafkaSample> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly DateTime origin;
    private readonly Task loop;

    public KafkaMonitor(string bootstrap, IReadOnlyList<WatchedGroup> groups, DateTime origin)
    {
        this.groups = groups;
        this.origin = origin;
        committed = new GroupOffsets(bootstrap, TimeSpan.FromSeconds(5));
        watermarks = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = $"bench-monitor-{Guid.NewGuid():N}" }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build(); // topic metadata only
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        partitions = groups.Select(g => g.Topic).Distinct().ToDictionary(t => t,
            t => (IReadOnlyList<TopicPartition>)metadata.Topics.Single(m => m.Topic == t).Partitions.Select(p => new TopicPartition(t, p.PartitionId)).ToList());
        loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<KafkaSample> Samples { get { lock (samples) return samples.ToList(); } }

    public Task<KafkaSample> SampleAsync() => Task.Run(() =>
    {
        var ends = partitions.ToDictionary(p => p.Key, p => p.Value.Sum(tp => watermarks.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5)).High.Value));
        var positions = groups.ToDictionary(g => g.Group, g => committed.Committed(g.Group, partitions[g.Topic]).Values.Sum(offset => Math.Max(0, offset)));
        return new KafkaSample((DateTime.UtcNow - origin).TotalSeconds, ends, positions);
    });

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await Ticks.NextAsync(timer, stop.Token))
        {
            try
            {
                var sample = await SampleAsync();
                lock (samples) samples.Add(sample);
            }
            catch (KafkaException e) { Console.Error.WriteLine($"  (kafka monitor: one sample lost: {e.Error.Reason})"); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        committed.Dispose();
        watermarks.Dispose();
        stop.Dispose();
    }
}
