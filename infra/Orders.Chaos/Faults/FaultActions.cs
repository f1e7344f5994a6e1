using Confluent.Kafka;
using Npgsql;
using Orders.Contracts;
using Orders.Kafka.Embedded;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using static Orders.Chaos.FaultCatalogNames;

namespace Orders.Chaos.Faults;

/// <summary>
/// How each fault is done: broker faults through the embedded broker's native fault API, process faults on the service
/// processes, database faults through PostgreSQL itself, delivery faults by writing to and rewinding the topics.
/// Each returns a short description of what it did, for the log.
/// </summary>
public sealed class FaultActions(ChaosSuite suite, Random random) : IFaultActions
{
    public Task<string> InjectAsync(string kind, CancellationToken cancellation) => kind switch
    {
        BrokerDown => BrokerDownAsync(cancellation),
        ProduceErrors => Errors(KafkaApi.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas),
        FetchErrors => Errors(KafkaApi.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut),
        CommitErrors => Errors(KafkaApi.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.GroupCoordinatorNotAvailable),
        JoinGroupErrors => Errors(KafkaApi.JoinGroup, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupLoadInProgress),
        HeartbeatErrors => Errors(KafkaApi.Heartbeat, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.RequestTimedOut),
        Latency => LatencyAsync(cancellation),
        LeaderFailover => Task.FromResult(MoveLeader()),
        PartitionOffline => PartitionOfflineAsync(cancellation),
        ServiceRestart => RestartAsync(abrupt: false, cancellation),
        ServiceCrash => RestartAsync(abrupt: true, cancellation),
        DatabaseConnectionsKilled => KillConnectionsAsync(cancellation),
        DatabaseUnavailable => DatabaseUnavailableAsync(cancellation),
        Duplicates => ReproduceAsync(cancellation),
        GroupReset => ResetGroupAsync(cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind."),
    };

    /// <summary>Undoes whatever a fault may have left behind: queued request errors, latency, a broker still down.</summary>
    public void ClearBrokerFaults()
    {
        foreach (var api in new[] { KafkaApi.Produce, KafkaApi.Fetch, KafkaApi.OffsetCommit, KafkaApi.JoinGroup, KafkaApi.Heartbeat }) suite.Broker.ClearRequestErrors(api);
        suite.Broker.SetBrokerRtt(-1, 0);
        suite.Broker.SetBrokerUp(-1);
    }

    private async Task<string> BrokerDownAsync(CancellationToken cancellation)
    {
        var down = TimeSpan.FromMilliseconds(random.Next(1500, 4000));
        suite.Broker.SetBrokerDown(-1);
        try { await Task.Delay(down, cancellation); }
        finally { suite.Broker.SetBrokerUp(-1); }
        return $"every broker down for {down.TotalSeconds:0.0} s";
    }

    private Task<string> Errors(KafkaApi api, params ErrorCode[] codes)
    {
        var errors = Enumerable.Range(0, random.Next(2, 6)).Select(_ => codes[random.Next(codes.Length)]).ToArray();
        suite.Broker.PushRequestErrors(api, errors);
        return Task.FromResult($"{api} answers {string.Join(", ", errors)}");
    }

    private async Task<string> LatencyAsync(CancellationToken cancellation)
    {
        var rtt = random.Next(100, 400);
        var duration = TimeSpan.FromMilliseconds(random.Next(2000, 5000));
        suite.Broker.SetBrokerRtt(-1, rtt);
        try { await Task.Delay(duration, cancellation); }
        finally { suite.Broker.SetBrokerRtt(-1, 0); }
        return $"+{rtt} ms round trip for {duration.TotalSeconds:0.0} s";
    }

    private string MoveLeader()
    {
        var topic = TopicCatalog.All[random.Next(TopicCatalog.All.Count)];
        var partition = random.Next(topic.Partitions);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = suite.Broker.BootstrapServers }).Build();
        var current = admin.GetMetadata(topic.Name, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single(p => p.PartitionId == partition).Leader;
        var leader = AnotherBroker(current, suite.Broker.BrokerCount, random);
        suite.Broker.SetPartitionLeader(topic.Name, partition, leader);
        return $"{topic.Name}[{partition}] leader moved from broker {current} to {leader}";
    }

    /// <summary>A broker id (1..count) other than the current leader: a "failover" to the same broker moves nothing.</summary>
    public static int AnotherBroker(int current, int brokerCount, Random random)
    {
        var others = Enumerable.Range(1, brokerCount).Where(b => b != current).ToList();
        if (others.Count == 0) throw new InvalidOperationException($"{brokerCount} broker(s): no other broker to lead");
        return others[random.Next(others.Count)];
    }

    /// <summary>
    /// A partition whose leader cannot be reached: its leadership moves to one broker, which then goes down for 2-5 s
    /// (taking every other partition it leads with it). Clients see an offline partition: metadata names a leader that
    /// nobody can reach. The embedded broker cannot declare no leader at all (-1 crashes librdkafka's mock cluster), so
    /// this is the leaderless state it can hold.
    /// </summary>
    private async Task<string> PartitionOfflineAsync(CancellationToken cancellation)
    {
        var topic = TopicCatalog.All[random.Next(TopicCatalog.All.Count)];
        var partition = random.Next(topic.Partitions);
        var broker = random.Next(1, suite.Broker.BrokerCount + 1);
        var down = TimeSpan.FromMilliseconds(random.Next(2000, 5000));
        suite.Broker.SetPartitionLeader(topic.Name, partition, broker);
        suite.Broker.SetBrokerDown(broker);
        try { await Task.Delay(down, cancellation); }
        finally { suite.Broker.SetBrokerUp(broker); }
        return $"{topic.Name}[{partition}] without a reachable leader for {down.TotalSeconds:0.0} s (broker {broker} down)";
    }

    private ServiceProcess AnyService() => suite.Services.Values.ElementAt(random.Next(suite.Services.Count));

    private async Task<string> RestartAsync(bool abrupt, CancellationToken cancellation)
    {
        var service = AnyService();
        if (abrupt) await service.KillAsync(); else await service.StopAsync();
        await Task.Delay(random.Next(200, 2000), cancellation); // commands and events pile up while it is away
        await service.StartAsync(cancellation);
        return $"{service.Name} {(abrupt ? "killed (SIGKILL)" : "stopped (SIGTERM)")} and started again";
    }

    private async Task<string> KillConnectionsAsync(CancellationToken cancellation)
    {
        var (service, database) = AnyDatabase();
        var killed = await AdminAsync($"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{database}'", cancellation);
        // None open (a service between restarts): nothing was disrupted, so it does not count.
        if (killed == 0) throw new InvalidOperationException($"{service}'s database had no connection to terminate");
        return $"{killed} connection(s) of {service}'s database terminated";
    }

    private async Task<string> DatabaseUnavailableAsync(CancellationToken cancellation)
    {
        var (service, database) = AnyDatabase();
        var outage = TimeSpan.FromMilliseconds(random.Next(2000, 6000));
        await AdminAsync($"alter database \"{database}\" allow_connections false", cancellation);
        try
        {
            await AdminAsync($"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{database}'", cancellation);
            await Task.Delay(outage, cancellation);
        }
        finally
        {
            await AdminAsync($"alter database \"{database}\" allow_connections true", CancellationToken.None);
        }
        return $"{service}'s database refused every connection for {outage.TotalSeconds:0.0} s";
    }

    private (string Service, string Database) AnyDatabase()
    {
        var (service, connectionString) = suite.Databases.ElementAt(random.Next(suite.Databases.Count));
        return (service, new NpgsqlConnectionStringBuilder(connectionString).Database!);
    }

    private async Task<int> AdminAsync(string sql, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(suite.PostgresAdmin);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellation) is { } value and not DBNull ? Convert.ToInt32(value) : 0;
    }

    /// <summary>Re-produces already written records with their original headers (and so their event ids), as a producer retry or a mirror would.</summary>
    private async Task<string> ReproduceAsync(CancellationToken cancellation)
    {
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = suite.Broker.BootstrapServers });
        // A random topic that has records (customers-events may have none): a fault that produced nothing is not counted.
        var (topic, records) = TopicCatalog.All.Select(t => t.Name).OrderBy(_ => random.Next())
            .Select(t => (Topic: t, Records: log.Read(log.CurrentEnd([t]), cancellation: cancellation).ToList()))
            .FirstOrDefault(t => t.Records.Count > 0);
        if (topic is null) throw new InvalidOperationException("no topic has records to duplicate yet");

        var sample = Enumerable.Range(0, Math.Min(25, records.Count)).Select(_ => records[random.Next(records.Count)]).ToList();
        using var producer = new ProducerBuilder<string?, byte[]?>(new ProducerConfig { BootstrapServers = suite.Broker.BootstrapServers, EnableIdempotence = true, Acks = Acks.All }).Build();
        foreach (var record in sample)
        {
            var headers = new Headers();
            foreach (var (key, value) in record.Headers) headers.Add(key, System.Text.Encoding.UTF8.GetBytes(value));
            await producer.ProduceAsync(new TopicPartition(topic, record.Partition), new Message<string?, byte[]?> { Key = record.Key, Value = record.Value, Headers = headers }, cancellation);
        }
        return $"{sample.Count} record(s) of {topic} produced again";
    }

    /// <summary>Stops a service, rewinds its consumer groups to offset 0 (as `kafka-consumer-groups --reset-offsets --to-earliest` would), starts it again.</summary>
    private async Task<string> ResetGroupAsync(CancellationToken cancellation)
    {
        var service = AnyService();
        await service.StopAsync();
        try
        {
            // Let the broker forget the stopped instance first (its session is 10 s): a member it still remembers holds
            // the rebalance up for as long as that member's rebalance timeout, and the rewinder is assigned nothing.
            await Task.Delay(TimeSpan.FromSeconds(12), cancellation);
            foreach (var topic in Subscriptions.ByService[service.Name]) RewindToStart(ConsumerGroups.ForTopic("orders", service.Name, topic), topic, cancellation);
        }
        finally
        {
            await service.StartAsync(cancellation); // whatever happened, the service comes back
        }
        return $"{service.Name}'s consumer groups rewound to offset 0: it replays {string.Join(", ", Subscriptions.ByService[service.Name])}";
    }

    /// <summary>
    /// Joins the (now empty) group as its only member, so it is assigned every partition, and commits offset 0 for
    /// each: what an operator's reset does. Committing without joining is refused while the broker still remembers
    /// the stopped instance as a member.
    /// </summary>
    private void RewindToStart(string group, string topic, CancellationToken cancellation)
    {
        var partitions = TopicCatalog.Get(topic).Partitions;
        // A short session, like the services' own: if this member's LeaveGroup is lost to a concurrent broker fault, the
        // group forgets it in 6 s instead of the 45 s default, and the restarted service is not kept from its partitions.
        var config = new ConsumerConfig
        {
            BootstrapServers = suite.Broker.BootstrapServers, GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 6_000, HeartbeatIntervalMs = 2_000,
        };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        consumer.Subscribe(topic);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (consumer.Assignment.Count < partitions)
            {
                // The embedded broker cannot describe a group (librdkafka's mock cluster has no DescribeGroups), so say
                // what this member was given: some partitions mean another member still holds the rest, none a stuck join.
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{group} was not given all {partitions} partitions of {topic} within 60 s: " +
                                               $"member {consumer.MemberId} holds [{string.Join(", ", consumer.Assignment.Select(tp => tp.Partition.Value).Order())}]");
                cancellation.ThrowIfCancellationRequested();
                consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            consumer.Commit(consumer.Assignment.Select(tp => new TopicPartitionOffset(tp, 0)));
        }
        finally
        {
            consumer.Close(); // leave the group at once, or the restarted service waits for this member's session to expire
        }
    }
}
