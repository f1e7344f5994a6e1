using Confluent.Kafka;

namespace Orders.ServiceDefaults.Kafka;

/// <summary>For a producer fed faster than the cluster acknowledges (a seeder, a restore of a backup).</summary>
public static class ProducerQueue
{
    /// <summary>
    /// Runs <paramref name="produce"/> (a <c>Produce</c> call on <paramref name="producer"/>) until librdkafka's local
    /// queue (100,000 records by default) has room for it, serving deliveries meanwhile: a full queue means wait, not fail
    /// half-way through a stream that a second run could not resume.
    /// </summary>
    public static void ProduceWhenRoom<TKey, TValue>(this IProducer<TKey, TValue> producer, Action produce)
    {
        while (true)
        {
            try
            {
                produce();
                return;
            }
            catch (ProduceException<TKey, TValue> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
