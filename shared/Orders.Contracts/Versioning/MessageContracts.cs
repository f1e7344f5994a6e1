using System.Reflection;

namespace Orders.Contracts.Versioning;

/// <summary>Every current message type of the contract, by wire identity (<c>orders.order-created.v2</c>).</summary>
public static class MessageContracts
{
    public static IReadOnlyDictionary<string, Type> Current { get; } = typeof(MessageContracts).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<MessageContractAttribute>() is not null)
        .ToDictionary(t => t.GetCustomAttribute<MessageContractAttribute>()!.WireType);

    /// <summary>Splits <c>orders.order-created.v2</c> into its name and version; false when it is not of that form.</summary>
    public static bool TryParse(string wireType, out string name, out int version)
    {
        var dot = wireType.LastIndexOf(".v", StringComparison.Ordinal);
        name = dot > 0 ? wireType[..dot] : wireType;
        version = 0;
        return dot > 0 && int.TryParse(wireType.AsSpan(dot + 2), out version) && version > 0;
    }

    public static string WireTypeOf(Type type) =>
        type.GetCustomAttribute<MessageContractAttribute>()?.WireType ?? throw new ArgumentException($"{type} is not a message contract.", nameof(type));
}
