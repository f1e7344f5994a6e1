using Orders.ServiceDefaults.Batching;
using Wolverine.Kafka;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Health;

/// <summary>The Kafka topics this service reads, as it runs: its Wolverine listeners' and its batched listeners'.</summary>
public sealed class ListenedTopics(IWolverineRuntime runtime, IEnumerable<IBatchedListenerStatus> batched)
{
    public IReadOnlyList<string> All() => runtime.Options.Transports.AllEndpoints().OfType<KafkaTopic>()
        .Where(t => t.IsListener).Select(t => t.TopicName).Concat(batched.Select(b => b.Topic)).Distinct().Order().ToList();
}
