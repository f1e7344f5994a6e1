using System.Text.Json;
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

    public static Decoded Decode(LogRecord record, UpcastSettings settings)
    {
        if (record.MessageType is not { } wireType) return new(null, null, "no message-type header");
        if (record.Value is null) return new(null, wireType, "no body");
        try
        {
            var (current, body) = Upcasters.CanUpcast(wireType) ? Upcasters.ToCurrent(wireType, record.Value, settings) : (wireType, record.Value);
            return MessageContracts.Current.TryGetValue(current, out var type)
                ? new(JsonSerializer.Deserialize(body, type, ContractJson.Options), wireType, null)
                : new(null, wireType, $"unknown message type {current}");
        }
        catch (Exception e) when (e is JsonException or UpcastException or NotSupportedException)
        {
            return new(null, wireType, e.Message);
        }
    }
}
