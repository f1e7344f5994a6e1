using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orders.Contracts.Versioning;
using Wolverine;
using Wolverine.Kafka;

namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// Reads Kafka records as Wolverine does, then lifts any older version of a contract to the current one
/// (<see cref="Upcasters"/>) before the record reaches the inbox, so no handler or projection ever sees an old shape.
/// The envelope id is untouched: an upcast event keeps its identity. A record that cannot be upcast keeps its old
/// type, which no handler knows, so it lands in the dead letters with the reason in its <c>upcast-error</c> header.
/// </summary>
public sealed class UpcastingEnvelopeMapper(IKafkaEnvelopeMapper inner, UpcastSettings settings, ILogger logger) : IKafkaEnvelopeMapper
{
    public const string UpcastErrorHeader = "upcast-error";
    public const string UpcastFromHeader = "upcast-from";

    public void MapEnvelopeToOutgoing(Envelope envelope, Message<string, byte[]> outgoing) => inner.MapEnvelopeToOutgoing(envelope, outgoing);

    public void MapIncomingToEnvelope(Envelope envelope, Message<string, byte[]> incoming)
    {
        inner.MapIncomingToEnvelope(envelope, incoming);
        if (envelope.MessageType is not { } wireType || !Upcasters.CanUpcast(wireType) || envelope.Data is null) return;

        try
        {
            var (current, body) = Upcasters.ToCurrent(wireType, envelope.Data, settings);
            envelope.Data = body;
            envelope.MessageType = current;
            envelope.Headers[UpcastFromHeader] = wireType;
        }
        catch (UpcastException e)
        {
            envelope.Headers[UpcastErrorHeader] = e.Message;
            logger.LogWarning("Record {EnvelopeId} of type {WireType} cannot be upcast and goes to the dead letters: {Reason}", envelope.Id, wireType, e.Message);
        }
    }
}
