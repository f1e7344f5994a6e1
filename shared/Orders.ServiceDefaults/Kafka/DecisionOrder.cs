namespace Orders.ServiceDefaults.Kafka;

/// <summary>
/// The order a service decided its facts in, which every fold of them keeps (the read model live and on late arrival,
/// a rebuild, the restore, the invariant checker): send time first, then the offset for facts sent within the same
/// header microsecond (one decision's facts). Not the offset first: the log does not always keep the order its service
/// decided in (make chaos found an order's creation written behind its items, most likely a produce retried during
/// produce errors). A fact with no offset (recovered from the durable inbox) goes after those of its instant that have one.
/// </summary>
public static class DecisionOrder
{
    public static IOrderedEnumerable<T> Of<T>(IEnumerable<T> facts, Func<T, DateTimeOffset> sentAt, Func<T, long?> offset) =>
        facts.OrderBy(sentAt).ThenBy(f => offset(f) ?? long.MaxValue);
}
