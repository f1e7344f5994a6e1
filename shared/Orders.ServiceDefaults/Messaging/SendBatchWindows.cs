using Microsoft.Extensions.Configuration;
using Orders.ServiceDefaults.Kafka;
using Wolverine.Configuration;
using Wolverine.Kafka;

namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// How long each sending endpoint's outgoing messages may wait for others to be produced with them
/// (<see cref="OrdersMessagingExtensions.SendBatchWindowSetting"/>, and per topic
/// <see cref="OrdersMessagingExtensions.SendBatchWindowByTopicSetting"/>).
/// <para>
/// Wolverine's batched sender holds each outgoing message until 100 are waiting or <c>MessageBatchTimeout</c> has passed
/// since the first (250 ms by default), then produces the batch and waits for its acks before the next one. At a few
/// hundred messages/s a topic rarely fills a batch, so each hop of the lifecycle waits most of the window (make bench's
/// lifecycle steps). A shorter window cuts that, but each batch also costs a produce round trip and a transaction that
/// deletes its outbox rows: Ordering's orders-events sender, sending smaller batches one at a time, ran late at 5 ms
/// (docs/performance.md, step 5), and on the embedded broker short windows and waits everywhere cost the box about a
/// third of a core at 100 orders/s (steps 9 and 10). Hence per topic: the lifecycle's topics short, others as they are.
/// Wolverine's default stays where nothing is set.
/// </para>
/// </summary>
public sealed class SendBatchWindows
{
    private readonly TimeSpan? _everyTopic;
    private readonly IReadOnlyDictionary<string, TimeSpan> _byTopic;

    private SendBatchWindows(TimeSpan? everyTopic, IReadOnlyDictionary<string, TimeSpan> byTopic)
    {
        _everyTopic = everyTopic;
        _byTopic = byTopic;
    }

    public static SendBatchWindows From(IConfiguration configuration)
    {
        var everyTopic = configuration.GetValue<TimeSpan?>(OrdersMessagingExtensions.SendBatchWindowSetting);
        if (everyTopic is { } window) CheckPositive(OrdersMessagingExtensions.SendBatchWindowSetting, window);
        var byTopic = configuration.GetSection(OrdersMessagingExtensions.SendBatchWindowByTopicSetting).Get<Dictionary<string, TimeSpan>>() ?? [];
        TopicSettingNames.Check(byTopic.Keys, OrdersMessagingExtensions.SendBatchWindowByTopicSetting);
        foreach (var (topic, topicWindow) in byTopic) CheckPositive($"{OrdersMessagingExtensions.SendBatchWindowByTopicSetting}:{topic}", topicWindow);
        return new SendBatchWindows(everyTopic, byTopic);
    }

    /// <summary>The window for an endpoint: its topic's, else every topic's, else none (Wolverine's default).</summary>
    public TimeSpan? For(Endpoint endpoint) =>
        endpoint is KafkaTopic topic && _byTopic.TryGetValue(topic.TopicName, out var window) ? window : _everyTopic;

    // Not zero or less: the batch's flush timer would then never fire, and a batch would leave only when full.
    private static void CheckPositive(string setting, TimeSpan window)
    {
        if (window <= TimeSpan.Zero) throw new InvalidOperationException($"{setting} must be longer than zero; it is {window}.");
    }
}
