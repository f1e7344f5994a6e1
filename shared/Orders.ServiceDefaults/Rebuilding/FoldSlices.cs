namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// How a restore or a rebuild cuts the log into slices small enough to hold in memory: partition numbers (each one's
/// records of every topic) packed together up to a number of records, and a partition number that holds more than that
/// alone, read once per pass, each pass keeping the keys (order ids) of one hash bucket. Every record of one order has
/// the same key and, keyed by it, the same partition number, so every slice holds whole orders.
/// </summary>
public static class FoldSlices
{
    /// <summary>Partition numbers read together, in <paramref name="Passes"/> passes.</summary>
    public sealed record Slice(IReadOnlyList<int> Numbers, int Passes);

    /// <summary>
    /// Packs consecutive partition numbers into slices of at most <paramref name="recordsPerFold"/> records (by the
    /// records each number holds); a number holding more is a slice of its own, read in as many passes as keep each
    /// pass within the limit, evenly hashed. Fewer, larger slices mean fewer reads of the log and larger writes.
    /// </summary>
    public static IReadOnlyList<Slice> Plan(IReadOnlyList<long> recordsPerNumber, int recordsPerFold)
    {
        if (recordsPerFold < 1) throw new ArgumentOutOfRangeException(nameof(recordsPerFold), recordsPerFold, "A fold holds at least one record.");
        var slices = new List<Slice>();
        var packed = new List<int>();
        long held = 0;
        for (var number = 0; number < recordsPerNumber.Count; number++)
        {
            var records = recordsPerNumber[number];
            if (records > recordsPerFold)
            {
                Flush();
                slices.Add(new Slice([number], PassesFor(records, recordsPerFold)));
                continue;
            }
            if (held + records > recordsPerFold) Flush();
            packed.Add(number);
            held += records;
        }
        Flush();
        return slices;

        void Flush()
        {
            if (packed.Count > 0) slices.Add(new Slice(packed.ToList(), 1));
            (packed, held) = ([], 0);
        }
    }

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
