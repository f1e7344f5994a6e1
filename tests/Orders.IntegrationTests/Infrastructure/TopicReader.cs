using Orders.ServiceDefaults.Recovery;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;

namespace Orders.IntegrationTests.Infrastructure;

public sealed record TopicRecord(string Topic, int Partition, long Offset, string Key, IReadOnlyDictionary<string, string> Headers, byte[] Value,
    DateTimeOffset Timestamp = default)
{
    public string MessageType => Headers.GetValueOrDefault("message-type") ?? "";
    public string EventId => Headers.GetValueOrDefault("id") ?? "";

    /// <summary>The record as the services read it: its send time from the header, decodable with <see cref="ContractDecoder"/>.</summary>
    public LogRecord AsLogRecord() => new(Topic, Partition, Offset, Timestamp, Key, Headers, Value);
}

/// <summary>Reads a topic straight from the broker (no consumer group), as an auditor or a restore tool would.</summary>
public static class TopicReader
{
    public static List<TopicRecord> ReadAll(string bootstrapServers, string topic, string? key = null)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "unused-reader", // required by the client; nothing is committed
            EnableAutoCommit = false,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();

        var records = new List<TopicRecord>();
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
            if (watermarks.High <= watermarks.Low) continue;
            consumer.Assign(new TopicPartitionOffset(partition, watermarks.Low));
            while (true)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"No record from {partition} before its high watermark {watermarks.High}.");
                if (key is null || result.Message.Key == key)
                {
                    records.Add(new TopicRecord(topic, result.Partition.Value, result.Offset.Value, result.Message.Key,
                        LogRecord.HeadersAsText(result.Message.Headers),
                        result.Message.Value, result.Message.Timestamp.UtcDateTime));
                }
                if (result.Offset.Value >= watermarks.High - 1) break;
            }
        }
        return records;
    }

    /// <summary>
    /// The types of an order's records on a topic once at least <paramref name="count"/> are there (or what is there when
    /// the wait is up, for the caller's assertion to show): a document's new state is committed before its outbox sends
    /// the event, so a test that saw the state can still be ahead of the record.
    /// </summary>
    public static Task<List<string>> TypesOnceThereAsync(string bootstrapServers, string topic, Guid orderId, int count) =>
        Eventually.Settle(() => Task.FromResult(ReadAll(bootstrapServers, topic, orderId.ToString()).Select(r => r.MessageType).ToList()),
            types => types.Count >= count);

    /// <summary>Writes a record the way an older release or a foreign producer would: raw bytes and the headers given.</summary>
    public static async Task<Guid> ProduceRawAsync(string bootstrapServers, string topic, Guid orderId, string messageType, byte[] body) =>
        (await ProduceRecordAsync(bootstrapServers, topic, orderId, messageType, body)).Id;

    /// <summary>
    /// The ids of every record written here, garbage included: what a service restoring its state from a log these tests
    /// wrote poison to is told it may leave out (<see cref="RestoreFromLog.SkipUnreadableSetting"/>).
    /// </summary>
    public static IReadOnlyCollection<Guid> Written => WrittenIds.Keys.ToList();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> WrittenIds = new();

    /// <summary>Writes one record as a Wolverine producer would; answers its envelope id and where it landed.</summary>
    public static async Task<(Guid Id, int Partition, long Offset)> ProduceRecordAsync(string bootstrapServers, string topic, Guid orderId, string messageType, byte[] body)
    {
        var id = Guid.NewGuid();
        WrittenIds[id] = true;
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true }).Build();
        var written = await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = orderId.ToString(), Headers = EnvelopeHeaders(id, messageType), Value = body });
        return (id, written.Partition.Value, written.Offset.Value);
    }

    /// <summary>
    /// Writes records for one order in one produce request (held together by the producer's linger), so a consumer
    /// fetches them together: what two commands sent in quick succession look like to a batched listener.
    /// </summary>
    public static async Task ProduceTogetherAsync(string bootstrapServers, string topic, Guid orderId, params (string MessageType, byte[] Body)[] records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 200 }).Build();
        await Task.WhenAll(records.Select(r => producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = orderId.ToString(),
            Headers = EnvelopeHeaders(Guid.NewGuid(), r.MessageType),
            Value = r.Body,
        })));
    }

    /// <summary>The headers Wolverine's producer writes that the services read: envelope id, message type, and the send time when given.</summary>
    public static Headers EnvelopeHeaders(Guid id, string messageType, DateTimeOffset? sentAt = null)
    {
        var headers = new Headers
        {
            { "id", Encoding.UTF8.GetBytes(id.ToString()) },
            { "message-type", Encoding.UTF8.GetBytes(messageType) },
            { "content-type", Encoding.UTF8.GetBytes("application/json") },
        };
        if (sentAt is { } at) headers.Add("sent-at", Encoding.UTF8.GetBytes(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        return headers;
    }

    /// <summary>Writes facts as Wolverine's producer does (envelope id, type and send time in the headers), dated <paramref name="sentAt"/> and 10 ms apart.</summary>
    public static Task ProduceFactsAsync(string bootstrapServers, string topic, Guid orderId, DateTimeOffset sentAt, params IOrderMessage[] facts) =>
        ProduceFactsAsync(bootstrapServers, new TopicPartition(topic, Partition.Any), orderId, sentAt, facts);

    /// <summary>As above, to one partition whatever the key says: what a topic whose partitions were added holds.</summary>
    public static async Task ProduceFactsAsync(string bootstrapServers, TopicPartition partition, Guid orderId, DateTimeOffset sentAt, params IOrderMessage[] facts)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true }).Build();
        foreach (var fact in facts)
        {
            await producer.ProduceAsync(partition, new Message<string, byte[]>
            {
                Key = orderId.ToString(),
                Headers = EnvelopeHeaders(Guid.CreateVersion7(), MessageContracts.WireTypeOf(fact.GetType()), sentAt),
                Value = JsonSerializer.SerializeToUtf8Bytes(fact, fact.GetType(), ContractJson.Options),
            });
            sentAt = sentAt.AddMilliseconds(10); // decided one after the other
        }
    }

    /// <summary>
    /// A capture and its refund under two partition numbers, as a topic whose partitions were added after the capture would
    /// hold them: the order's facts span two slices of a restore or a rebuild. Answers the capture.
    /// </summary>
    public static async Task<PaymentCaptured> ProduceCaptureAndRefundApartAsync(string bootstrapServers, Guid order)
    {
        var captured = new PaymentCaptured(order, Guid.CreateVersion7(), 12m, "EUR");
        var sentAt = DateTimeOffset.UtcNow;
        await ProduceFactsAsync(bootstrapServers, new TopicPartition(Topics.PaymentsEvents, 0), order, sentAt, captured);
        await ProduceFactsAsync(bootstrapServers, new TopicPartition(Topics.PaymentsEvents, 1), order, sentAt.AddSeconds(1),
            new PaymentRefunded(order, captured.PaymentId, 12m, "EUR"));
        return captured;
    }

    public static Task<Guid> ProduceJsonAsync(string bootstrapServers, string topic, Guid orderId, string messageType, string json) =>
        ProduceRawAsync(bootstrapServers, topic, orderId, messageType, Encoding.UTF8.GetBytes(json));

    /// <summary>Writes a record again exactly as it was (key, headers, value): what a producer retry or a replay does.</summary>
    public static async Task ReproduceAsync(string bootstrapServers, TopicRecord record)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }).Build();
        var headers = new Headers();
        foreach (var (name, value) in record.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
        await producer.ProduceAsync(new TopicPartition(record.Topic, record.Partition), new Message<string, byte[]> { Key = record.Key, Headers = headers, Value = record.Value });
    }
}
