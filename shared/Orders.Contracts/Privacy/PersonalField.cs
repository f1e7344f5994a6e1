using System.Text.Json.Serialization;

namespace Orders.Contracts.Privacy;

/// <summary>AES-256-GCM output for one personal value: the customer's key id, a 96-bit nonce, the ciphertext and the 128-bit tag (base64).</summary>
public sealed record SealedValue(Guid KeyId, string Nonce, string Ciphertext, string Tag);

/// <summary>
/// One piece of personal data (a name, an e-mail, a line of an address) in a message. On the wire it is always sealed
/// with the customer's data key and bound to the event id; inside a service it is open (read with the key) or erased
/// (the key is gone). It is never written as plain text to a topic: without a sealing scope, writing an open value throws.
/// </summary>
[JsonConverter(typeof(PersonalFieldJsonConverter))]
public sealed class PersonalField : IEquatable<PersonalField>
{
    /// <summary>What every reader shows in place of a value whose key was destroyed.</summary>
    public const string ErasedMarker = "[erased]";

    private readonly string? _value;

    private PersonalField(string? customerId, string? value, SealedValue? @sealed, bool erased) =>
        (CustomerId, _value, Sealed, IsErased) = (customerId, value, @sealed, erased);

    /// <summary>Whose key seals it (known for open values).</summary>
    public string? CustomerId { get; }

    /// <summary>Set when the value was read without a key scope (it stays sealed, e.g. in an audit copy of the record).</summary>
    public SealedValue? Sealed { get; }

    public bool IsErased { get; }

    public static PersonalField Open(string customerId, string value) => new(customerId, value ?? throw new ArgumentNullException(nameof(value)), null, false);
    public static PersonalField FromSealed(SealedValue value) => new(null, null, value, false);
    public static PersonalField Erased { get; } = new(null, null, null, true);

    /// <summary>The plain value, or <see cref="ErasedMarker"/>. A value still sealed was read without keys: asking for it is a bug.</summary>
    public string Reveal() => _value ?? (IsErased ? ErasedMarker : throw new InvalidOperationException("This personal value was read without a key scope and is still sealed."));

    /// <summary>Never the value: keeps personal data out of logs, exception messages and debugger dumps of records.</summary>
    public override string ToString() => IsErased ? ErasedMarker : "***";

    public bool Equals(PersonalField? other) => other is not null &&
        _value == other._value && CustomerId == other.CustomerId && Equals(Sealed, other.Sealed) && IsErased == other.IsErased;

    public override bool Equals(object? obj) => Equals(obj as PersonalField);
    public override int GetHashCode() => HashCode.Combine(_value, CustomerId, Sealed, IsErased);
}

/// <summary>A postal address, every line of it personal.</summary>
public sealed record PostalAddress(PersonalField Street, PersonalField City, PersonalField PostalCode, PersonalField Country);
