using System.Reflection;
using Orders.Contracts.Versioning;
using Wolverine.Util;

namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// Writes <see cref="MessageContractAttribute"/>'s stable identity (<c>orders.order-created.v2</c>) as the
/// <c>message-type</c> header in place of a CLR type name, and reads it back the same way.
/// </summary>
public sealed class ContractNaming : IMessageTypeNaming
{
    public bool TryDetermineName(Type messageType, out string messageTypeName)
    {
        messageTypeName = messageType.GetCustomAttribute<MessageContractAttribute>()?.WireType!;
        return messageTypeName is not null;
    }
}
