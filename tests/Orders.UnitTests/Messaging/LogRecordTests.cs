using System.Text;
using Confluent.Kafka;
using Orders.ServiceDefaults.Kafka;

namespace Orders.UnitTests.Messaging;

/// <summary>Every consumed record becomes a <see cref="LogRecord"/>: its place in the log, key, value and headers as text.</summary>
public sealed class LogRecordTests
{
    private static ConsumeResult<string?, byte[]?> Consumed(Headers? headers) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("orders-events", 3, 41),
        Message = new Message<string?, byte[]?>
        {
            Key = "order-7",
            Value = Encoding.UTF8.GetBytes("{}"),
            Timestamp = new Timestamp(new DateTime(2026, 11, 29, 15, 0, 0, DateTimeKind.Utc)),
            Headers = headers,
        },
    };

    [Fact]
    public void a_record_keeps_its_place_key_value_and_headers()
    {
        var record = LogRecord.From(Consumed(new Headers { { "id", "e-1"u8.ToArray() }, { "message-type", "orders.order-placed.v1"u8.ToArray() } }));

        Assert.Equal(("orders-events", 3, 41L), (record.Topic, record.Partition, record.Offset));
        Assert.Equal("order-7", record.Key);
        Assert.Equal("{}", Encoding.UTF8.GetString(record.Value!));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.Zero), record.KafkaTimestamp);
        Assert.Equal("orders.order-placed.v1", record.MessageType);
        Assert.Equal(2, record.Headers.Count);
    }

    [Fact]
    public void the_last_value_of_a_repeated_header_wins_and_an_empty_one_reads_as_empty_text()
    {
        var record = LogRecord.From(Consumed(new Headers { { "id", "first"u8.ToArray() }, { "id", "last"u8.ToArray() }, { "tenant", null } }));

        Assert.Equal("last", record.Headers["id"]);
        Assert.Equal("", record.Headers["tenant"]);
    }

    [Fact]
    public void a_record_without_headers_has_none() =>
        Assert.Empty(LogRecord.From(Consumed(headers: null)).Headers);
}
