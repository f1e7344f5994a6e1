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
    public sealed record Decoded(object? Message, string? OriginalType, string? Problem);

    /// <summary>With <paramref name="keys"/>, personal data opens (or reads as erased) as it does for a live listener; without, it stays sealed.</summary>
    public static Decoded Decode(LogRecord record, UpcastSettings settings, ICustomerKeys? keys = null)
    {
        if (record.MessageType is not { } wireType) return new(null, null, "no message-type header");
        if (record.Value is null) return new(null, wireType, "no body");
        try
        {
            var (current, body) = Upcasters.CanUpcast(wireType) ? Upcasters.ToCurrent(wireType, record.Value, settings) : (wireType, record.Value);
            if (!MessageContracts.Current.TryGetValue(current, out var type)) return new(null, wireType, $"unknown message type {current}");
            using var scope = keys is not null && record.EventId is { } eventId ? PersonalDataScope.ForEvent(eventId, keys) : null;
            return new(JsonSerializer.Deserialize(body, type, ContractJson.Options), wireType, null);
        }
        catch (Exception e) when (e is JsonException or UpcastException or NotSupportedException or CryptographicException)
        {
            return new(null, wireType, e.Message);
        }
    }
}
