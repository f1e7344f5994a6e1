namespace Orders.Contracts.Versioning;

/// <summary>
/// The stable wire identity of a message: written as the Kafka <c>message-type</c> header
/// (<c>{Name}.v{Version}</c>) instead of a CLR type name, so types can be renamed or moved freely
/// while the wire contract never changes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageContractAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string WireType => $"{Name}.v{Version}";
}
