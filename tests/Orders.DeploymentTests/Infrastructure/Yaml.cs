using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orders.DeploymentTests.Infrastructure;

/// <summary>YAML documents as JSON nodes (the shape Helm hands to values.schema.json), and deep merging as Helm does.</summary>
public static class Yaml
{
    public static IReadOnlyList<JsonNode?> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
    }

    public static JsonNode? Load(string text) => LoadAll(text).SingleOrDefault();

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    // Plain scalars follow the YAML core schema (what Helm's parser does): null, booleans and numbers; quoted ones are strings.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null") return null;
        if (value is "true" or "false") return JsonValue.Create(value == "true");
        // Parsed as JSON so the node converts to any numeric type, as a number read from a JSON file would.
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsDigit) && !value.Contains(':')) return JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture));
        return JsonValue.Create(value);
    }

    /// <summary>Helm's merge of a values file over the chart's values.yaml: maps merge key by key, anything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? overlay)
    {
        if (target is not JsonObject baseObject || overlay is not JsonObject overlayObject) return overlay?.DeepClone();
        var merged = (JsonObject)baseObject.DeepClone();
        foreach (var (key, value) in overlayObject)
            merged[key] = merged.TryGetPropertyValue(key, out var existing) ? Merge(existing, value) : value?.DeepClone();
        return merged;
    }
}
