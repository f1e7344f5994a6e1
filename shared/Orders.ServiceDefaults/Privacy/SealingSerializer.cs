using Orders.Contracts.Privacy;
using Wolverine;
using Wolverine.Runtime.Serialization;

namespace Orders.ServiceDefaults.Privacy;

/// <summary>
/// Wolverine's JSON serializer with personal data sealed on the way out and opened on the way in, each value bound to the
/// envelope id (the event id). Everything Wolverine writes — Kafka records, outbox rows, dead letters — holds only the
/// sealed form, because it is all made by <see cref="Write"/>.
/// </summary>
public sealed class SealingSerializer(IMessageSerializer inner, ICustomerKeys keys) : IMessageSerializer
{
    public string ContentType => inner.ContentType;

    public byte[] Write(Envelope envelope)
    {
        using var scope = PersonalDataScope.ForEvent(envelope.Id, keys);
        return inner.Write(envelope);
    }

    public object ReadFromData(Type messageType, Envelope envelope)
    {
        using var scope = PersonalDataScope.ForEvent(envelope.Id, keys);
        return inner.ReadFromData(messageType, envelope);
    }

    // Without an envelope there is no event id to bind to: open values refuse to be written, sealed ones stay sealed.
    public object ReadFromData(byte[] data) => inner.ReadFromData(data);
    public byte[] WriteMessage(object message) => inner.WriteMessage(message);
}
