namespace Orders.Contracts;

public enum TopicKind { Events, Commands }

/// <summary>
/// One topic's specification. Event topics are the system of record: they keep data forever and never compact
/// (compaction would keep only the last fact per order and destroy the history).
/// </summary>
public sealed record TopicSpec(
    string Name,
    TopicKind Kind,
    int Partitions,
    short ReplicationFactor,
    int MinInSyncReplicas,
    long RetentionMs,
    string CleanupPolicy);

/// <summary>Topics as code: the one list that the embedded broker, provisioning and the Helm values derive from.</summary>
public static class TopicCatalog
{
    /// <summary>Keep forever.</summary>
    public const long Forever = -1;

    /// <summary>Commands are instructions, not history: a week covers any outage a consumer can recover from.</summary>
    public const long OneWeekMs = 7L * 24 * 60 * 60 * 1000;

    public const int DefaultPartitions = 6;

    public static readonly IReadOnlyList<TopicSpec> All =
    [
        Events(Topics.OrdersEvents),
        Commands(Topics.PaymentsCommands),
        Events(Topics.PaymentsEvents),
        Commands(Topics.ShippingCommands),
        Events(Topics.ShippingEvents),
        // Erasures are audit facts and every service must see them, including one restored from a backup: kept forever.
        Events(Topics.CustomersEvents),
    ];

    public static TopicSpec Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"'{name}' is not in the topic catalog.", nameof(name));

    private static TopicSpec Events(string name) => new(name, TopicKind.Events, DefaultPartitions, 3, 2, Forever, "delete");
    private static TopicSpec Commands(string name) => new(name, TopicKind.Commands, DefaultPartitions, 3, 2, OneWeekMs, "delete");
}

/// <summary>
/// Which topics each service reads (one consumer group per service and topic, <c>&lt;prefix&gt;-&lt;service&gt;.&lt;topic&gt;</c>):
/// what the verification waits for before it judges the suite, and what a change to a service's listeners must update.
/// </summary>
public static class Subscriptions
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByService = new Dictionary<string, IReadOnlyList<string>>
    {
        ["ordering"] = [Topics.OrdersEvents, Topics.PaymentsEvents, Topics.ShippingEvents, Topics.CustomersEvents],
        ["payment"] = [Topics.PaymentsCommands],
        ["shipping"] = [Topics.ShippingCommands, Topics.CustomersEvents],
    };
}
