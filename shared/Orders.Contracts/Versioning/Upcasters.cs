using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orders.Contracts.Versioning;

/// <summary>What older versions need filled in that they never carried.</summary>
public sealed record UpcastSettings(string LegacyCurrency = "EUR");

/// <summary>One step from a version to the next, as a pure function over the JSON body.</summary>
public sealed record Upcaster(string From, string To, Func<JsonObject, UpcastSettings, JsonObject> Apply);

public sealed class UpcastException(string wireType, string reason, Exception? inner = null)
    : Exception($"Cannot upcast {wireType}: {reason}", inner);

/// <summary>
/// The one registry of upcasters. Every version ever written must reach a current type through a chain of these:
/// add a step here whenever a new version replaces an old one (the contract tests check the chains).
/// </summary>
public static class Upcasters
{
    public static readonly IReadOnlyList<Upcaster> All =
    [
        // v1 predates multi-currency: an order of that era was in the legacy currency.
        new("orders.order-created.v1", "orders.order-created.v2", (v1, settings) =>
        {
            Require(v1, "orders.order-created.v1", "orderId", "customerId");
            var v2 = v1.DeepClone().AsObject();
            v2["currency"] = settings.LegacyCurrency;
            return v2;
        }),
        // v3 adds optional, sealed personal data: an order written before it simply has none.
        new("orders.order-created.v2", "orders.order-created.v3", (v2, _) =>
        {
            Require(v2, "orders.order-created.v2", "orderId", "customerId", "currency");
            return v2.DeepClone().AsObject();
        }),
        // v2 adds the customer and recipient: a ship request written before it ships as it always did.
        new("shipping.ship-order.v1", "shipping.ship-order.v2", (v1, _) =>
        {
            Require(v1, "shipping.ship-order.v1", "orderId", "lines");
            return v1.DeepClone().AsObject();
        }),
    ];

    private static readonly Dictionary<string, Upcaster> ByFrom = All.ToDictionary(u => u.From);

    /// <summary>True when the wire type is older than the code's and a chain of upcasters leads to a current type.</summary>
    public static bool CanUpcast(string wireType) => ByFrom.ContainsKey(wireType);

    /// <summary>Applies the chain from <paramref name="wireType"/> to the current version. Pure.</summary>
    public static (string WireType, byte[] Body) ToCurrent(string wireType, ReadOnlySpan<byte> body, UpcastSettings settings)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject ?? throw new UpcastException(wireType, "the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new UpcastException(wireType, "the body is not valid JSON", e);
        }

        var current = wireType;
        while (ByFrom.TryGetValue(current, out var step))
        {
            json = step.Apply(json, settings);
            current = step.To;
        }
        return (current, JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.Options));
    }

    private static void Require(JsonObject body, string wireType, params string[] fields)
    {
        var missing = fields.Where(f => body[f] is null).ToList();
        if (missing.Count > 0) throw new UpcastException(wireType, $"missing {string.Join(", ", missing)}");
    }
}
