using System.Text.Json.Serialization;

namespace Orders.Tools.Backup;

/// <summary>
/// One Kafka record in a backup file, one JSON object per line:
/// <c>{"topic":..,"partition":..,"offset":..,"timestamp":"ISO-8601 UTC","key":"utf8","headers":{..},"value":"base64"}</c>.
/// </summary>
public sealed record BackupRecord(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("partition")] int Partition,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("timestamp")] DateTime Timestamp,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("headers")] Dictionary<string, string> Headers,
    [property: JsonPropertyName("value")] string? Value);
