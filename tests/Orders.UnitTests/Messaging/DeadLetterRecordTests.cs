using System.Text;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Kafka;
using Wolverine.Runtime.Serialization;
using Wolverine.Transports;

namespace Orders.UnitTests.Messaging;

/// <summary>
/// A batched listener parks a record as a Wolverine dead letter and takes it back when an operator replays it: what comes
/// back, after the trip through Wolverine's stored form, must be the record as it was read from the log.
/// </summary>
public sealed class DeadLetterRecordTests
{
    private static readonly LogRecord Record = new("payments-events", 4, 1234,
        new DateTimeOffset(2026, 11, 28, 21, 0, 0, TimeSpan.Zero), "order-42",
        new Dictionary<string, string>
        {
            ["id"] = "0197c3a1-2b3c-7d4e-8f90-a1b2c3d4e5f6",
            ["message-type"] = "payment-captured",
            ["correlation-id"] = "corr-1",
            ["conversation-id"] = "0197c3a1-0000-7000-8000-000000000001",
            ["parent-id"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["sent-at"] = "2026-11-28T20:59:59.5000000+00:00",
            ["schema-version"] = "2",
        },
        Encoding.UTF8.GetBytes("""{"orderId":"order-42","amount":20000}"""));

    [Fact]
    public void a_parked_record_replayed_is_the_record_read_from_the_log()
    {
        var parked = DeadLetterRecord.EnvelopeOf(Record);
        DeadLetterQueueConstants.StampFailureMetadata(parked, new InvalidOperationException("a bug"));
        var stored = EnvelopeSerializer.Deserialize(EnvelopeSerializer.Serialize(parked));

        var replayed = DeadLetterRecord.RecordOf(stored, "payments-events");

        Assert.Equal((Record.Topic, Record.Partition, Record.Offset, Record.Key), (replayed.Topic, replayed.Partition, replayed.Offset, replayed.Key));
        Assert.Equal(Record.Value, replayed.Value);
        Assert.Equal((Record.EventId, Record.MessageType, Record.CorrelationId, Record.CausationId, Record.SentAt),
            (replayed.EventId, replayed.MessageType, replayed.CorrelationId, replayed.CausationId, replayed.SentAt));
        foreach (var (key, value) in Record.Headers.Where(h => h.Key != "sent-at"))
            Assert.Equal(value, replayed.Headers.GetValueOrDefault(key));
        Assert.Equal(new Uri("kafka://topic/payments-events"), stored.Destination);
    }

    [Fact]
    public void a_record_without_an_id_header_is_parked_under_a_fresh_id_so_it_can_still_be_listed_and_discarded()
    {
        var anonymous = Record with { Headers = Record.Headers.Where(h => h.Key != "id").ToDictionary() };

        var parked = DeadLetterRecord.EnvelopeOf(anonymous);

        Assert.NotEqual(Guid.Empty, parked.Id);
        Assert.Equal(parked.Id, DeadLetterRecord.RecordOf(parked, anonymous.Topic).EventId);
    }
}
