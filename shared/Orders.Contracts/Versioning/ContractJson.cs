using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orders.Contracts.Versioning;

/// <summary>
/// The JSON shape of every message body on the wire. It belongs to the contract, not to a library's defaults:
/// the services hand these options to Wolverine, and the contract tests pin the bytes they produce.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonSerializerOptions Create() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
