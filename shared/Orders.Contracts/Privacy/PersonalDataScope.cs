namespace Orders.Contracts.Privacy;

/// <summary>
/// What the JSON converter of <see cref="PersonalField"/> may do on this thread while a message is written or read:
/// seal and open under one event id with the given keys, or reveal open values as plain text (our own HTTP answers).
/// Ambient because System.Text.Json converters get no per-call state; always used in a <c>using</c> around one call.
/// </summary>
public sealed class PersonalDataScope : IDisposable
{
    [ThreadStatic] private static PersonalDataScope? _current;
    private readonly PersonalDataScope? _previous;
    private readonly Dictionary<Guid, CustomerKey?> _found = [];
    private readonly Dictionary<string, CustomerKey> _active = [];

    private PersonalDataScope(Guid? eventId, ICustomerKeys? keys, bool reveal)
    {
        (EventId, Keys, Reveal, _previous) = (eventId, keys, reveal, _current);
        _current = this;
    }

    public static PersonalDataScope? Current => _current;
    public Guid? EventId { get; }
    public ICustomerKeys? Keys { get; }
    public bool Reveal { get; }

    /// <summary>Seal open values when writing, open sealed values when reading, both bound to <paramref name="eventId"/>.</summary>
    public static PersonalDataScope ForEvent(Guid eventId, ICustomerKeys keys) => new(eventId, keys, reveal: false);

    /// <summary>Write open values as plain text: only for answers to an authorised reader, never for a topic.</summary>
    public static PersonalDataScope Revealing() => new(null, null, reveal: true);

    internal SealedValue Seal(PersonalField field)
    {
        if (EventId is not { } eventId || Keys is null) throw new InvalidOperationException("Personal data can only be written sealed under an event id.");
        var customerId = field.CustomerId ?? throw new InvalidOperationException("An open personal value without its customer cannot be sealed.");
        if (!_active.TryGetValue(customerId, out var key)) _active[customerId] = key = Keys.ActiveKeyFor(customerId);
        return PersonalDataCipher.Seal(key, eventId, field.Reveal());
    }

    internal PersonalField Open(SealedValue value)
    {
        if (EventId is not { } eventId || Keys is null) return PersonalField.FromSealed(value); // no keys here: it stays sealed
        if (!_found.TryGetValue(value.KeyId, out var key)) _found[value.KeyId] = key = Keys.Find(value.KeyId);
        return key is null ? PersonalField.Erased : PersonalField.Open(key.CustomerId, PersonalDataCipher.Open(key, eventId, value));
    }

    public void Dispose() => _current = _previous;
}
