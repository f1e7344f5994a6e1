namespace Orders.Chaos;

/// <summary>Every kind of fault `make chaos` can inject (CHAOS_FAULTS picks a subset).</summary>
public static class FaultCatalogNames
{
    public const string BrokerDown = "broker-down";
    public const string ProduceErrors = "produce-errors";
    public const string FetchErrors = "fetch-errors";
    public const string CommitErrors = "commit-errors";
    public const string JoinGroupErrors = "join-group-errors";
    public const string HeartbeatErrors = "heartbeat-errors";
    public const string Latency = "latency";
    public const string LeaderFailover = "leader-failover";
    public const string PartitionOffline = "partition-offline";
    public const string ServiceRestart = "service-restart";
    public const string ServiceCrash = "service-crash";
    public const string DatabaseConnectionsKilled = "db-connections-killed";
    public const string DatabaseUnavailable = "db-unavailable";
    public const string Duplicates = "duplicates";
    public const string GroupReset = "group-reset";

    public static readonly IReadOnlyList<string> All =
    [
        BrokerDown, ProduceErrors, FetchErrors, CommitErrors, JoinGroupErrors, HeartbeatErrors, Latency, LeaderFailover, PartitionOffline,
        ServiceRestart, ServiceCrash, DatabaseConnectionsKilled, DatabaseUnavailable, Duplicates, GroupReset,
    ];

    /// <summary>Faults that take a service or its database away: one at a time, so the suite is never entirely down.</summary>
    public static readonly IReadOnlySet<string> Disruptive = new HashSet<string> { ServiceRestart, ServiceCrash, DatabaseUnavailable, GroupReset };
}
