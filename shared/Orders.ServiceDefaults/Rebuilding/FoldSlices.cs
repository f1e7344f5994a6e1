namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// How a restore cuts the log into slices small enough to hold in memory: a partition number's records of every topic,
/// read once per pass, each pass keeping the keys (order ids) of one hash bucket. Every record of one order has the same
/// key, so every slice holds whole orders.
/// </summary>
public static class FoldSlices
{
    /// <summary>The passes that keep each slice at or under <paramref name="recordsPerFold"/> records, evenly hashed.</summary>
    public static int PassesFor(long records, int recordsPerFold)
    {
        if (recordsPerFold < 1) throw new ArgumentOutOfRangeException(nameof(recordsPerFold), recordsPerFold, "A fold holds at least one record.");
        return (int)Math.Max(1, (records + recordsPerFold - 1) / recordsPerFold);
    }

    /// <summary>
    /// Whether pass <paramref name="pass"/> of <paramref name="passes"/> keeps a record with this key. The hash is stable
    /// within the process, which is all a restore needs (its passes run in one). A record without a key goes to pass 0.
    /// </summary>
    public static bool InPass(string? key, int pass, int passes) =>
        passes <= 1 || (key is null ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)passes)) == pass;
}
