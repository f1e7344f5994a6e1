using Orders.Bench.Load;
using Orders.Bench.Results;

namespace Orders.Bench.Monitoring;

/// <summary>A record of an order's lifecycle as the log holds it: which message, and when its producer sent it.</summary>
public sealed record LifecycleRecord(Guid OrderId, string Message, DateTime At);

/// <summary>
/// The gap between two consecutive moments of an order's lifecycle (the scheduled start, then each record it left in
/// the log), over every order of the phase that went from <see cref="From"/> straight to <see cref="To"/>.
/// </summary>
public sealed record LifecycleStep(string From, string To, int Orders, Latency Gap);

/// <summary>
/// Where the lifecycle latency goes: each order's records in time order, and the time from each to the next. A gap
/// between a message and the one its handler sent is that handler's whole hop: the consumer's fetch, the inbox, the
/// handler's transaction and the outbox's send. Two records one transaction wrote to the same topic are a step of about
/// 0 ms; to two topics, as far apart as their senders' batches. Kafka timestamps have millisecond resolution: records of
/// the same millisecond keep the order they were read in.
/// </summary>
public static class LifecycleSteps
{
    public const string ScheduledStart = "scheduled start";

    public static IReadOnlyList<LifecycleStep> Of(IEnumerable<Completion> orders, IEnumerable<LifecycleRecord> records)
    {
        var byOrder = records.ToLookup(r => r.OrderId);
        var steps = new Dictionary<(string From, string To), (List<double> Gaps, List<int> Positions)>();
        foreach (var order in orders)
        {
            var previous = (Message: ScheduledStart, At: order.Intended);
            var position = 0;
            // Only up to the moment the bench counted the order shipped: the latency it reports is the sum of these steps.
            foreach (var record in byOrder[order.OrderId].Where(r => r.At <= order.Shipped).OrderBy(r => r.At))
            {
                var key = (previous.Message, record.Message);
                if (!steps.TryGetValue(key, out var step)) steps[key] = step = ([], []);
                step.Gaps.Add((record.At - previous.At).TotalMilliseconds);
                step.Positions.Add(position++);
                previous = (record.Message, record.At);
            }
        }
        return steps
            .OrderBy(s => s.Value.Positions.Average()).ThenByDescending(s => s.Value.Gaps.Count)
            .Select(s => new LifecycleStep(s.Key.From, s.Key.To, s.Value.Gaps.Count, Latency.Of(s.Value.Gaps)))
            .ToList();
    }
}
