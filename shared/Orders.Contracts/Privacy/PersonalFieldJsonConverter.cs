using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orders.Contracts.Privacy;

/// <summary>
/// Wire shape of a <see cref="PersonalField"/>: <c>{"keyId","nonce","ciphertext","tag"}</c>, or <c>{"erased":true}</c> once its key
/// is gone. A plain JSON string is refused on read: personal data never travels in clear.
/// </summary>
public sealed class PersonalFieldJsonConverter : JsonConverter<PersonalField>
{
    public override PersonalField Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A personal value must be a sealed object, never plain text.");
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.TryGetProperty("erased", out var erased) && erased.ValueKind == JsonValueKind.True) return PersonalField.Erased;

        var value = new SealedValue(
            json.TryGetProperty("keyId", out var keyId) && keyId.TryGetGuid(out var id) ? id : throw new JsonException("A sealed value needs its keyId."),
            Text(json, "nonce"), Text(json, "ciphertext"), Text(json, "tag"));
        return PersonalDataScope.Current is { } scope ? scope.Open(value) : PersonalField.FromSealed(value);
    }

    public override void Write(Utf8JsonWriter writer, PersonalField value, JsonSerializerOptions options)
    {
        var scope = PersonalDataScope.Current;
        if (scope is { Reveal: true } && value.Sealed is null)
        {
            writer.WriteStringValue(value.Reveal());
            return;
        }
        if (value.IsErased)
        {
            writer.WriteStartObject();
            writer.WriteBoolean("erased", true);
            writer.WriteEndObject();
            return;
        }
        var @sealed = value.Sealed ?? (scope ?? throw new InvalidOperationException("Personal data can only be written sealed: no sealing scope.")).Seal(value);
        writer.WriteStartObject();
        writer.WriteString("keyId", @sealed.KeyId);
        writer.WriteString("nonce", @sealed.Nonce);
        writer.WriteString("ciphertext", @sealed.Ciphertext);
        writer.WriteString("tag", @sealed.Tag);
        writer.WriteEndObject();
    }

    private static string Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new JsonException($"A sealed value needs its {name}.");
}
