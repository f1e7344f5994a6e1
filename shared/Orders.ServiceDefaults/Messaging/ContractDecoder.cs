using System.Security.Cryptography;
using System.Text.Json;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// Turns a raw log record into the current contract type exactly as the live listeners do (same upcasters, same JSON),
/// so a rebuild folds the same facts the live projection folded.
/// </summary>
public static class ContractDecoder
{
    /// <summary>
    /// The message (null when the record cannot be read, with the <paramref name="Problem"/>), the type it was written as,
    /// and, when it was read, its current type and body after any upcast. <paramref name="UnknownType"/>: the problem is a
    /// type this build does not know (a future version, or a type never defined), not a body it cannot read.
    /// </summary>
    public sealed record Decoded(object? Message, string? OriginalType, string? Problem, string? CurrentType = null, byte[]? Body = null, bool UnknownType = false);

    /// <summary>With <paramref name="keys"/>, personal data opens (or reads as erased) as it does for a live listener; without, it stays sealed.</summary>
    public static Decoded Decode(LogRecord record, UpcastSettings settings, ICustomerKeys? keys = null)
    {
        if (record.MessageType is not { } wireType) return new(null, null, "no message-type header");
        if (record.Value is null) return new(null, wireType, "no body");
        try
        {
            var (current, body) = Upcasters.CanUpcast(wireType) ? Upcasters.ToCurrent(wireType, record.Value, settings) : (wireType, record.Value);
            if (!MessageContracts.Current.TryGetValue(current, out var type)) return new(null, wireType, $"unknown message type {current}", UnknownType: true);
            using var scope = keys is not null && record.EventId is { } eventId ? PersonalDataScope.ForEvent(eventId, keys) : null;
            return JsonSerializer.Deserialize(body, type, ContractJson.Options) is { } message
                ? new(message, wireType, null, current, body)
                : new(null, wireType, "the body is JSON null");
        }
        catch (Exception e) when (e is JsonException or UpcastException or NotSupportedException or CryptographicException)
        {
            return new(null, wireType, e.Message);
        }
    }
}
