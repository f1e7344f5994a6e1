using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.ServiceDefaults.Kafka;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>
/// Reads a service's facts up to a cut one slice of whole orders at a time (<see cref="FoldSlices"/>), so that a restore
/// or a rebuild holds a slice in memory, not the log. Each fold of this suite decides one order's document from that
/// order's facts only, which is what lets a slice be folded alone; an order whose facts turn up in two slices (topics
/// with different partition counts, partitions added to a topic that held records, a record produced to a partition of
/// its producer's choosing) would be folded from half its facts, so the read stops there and the caller undoes what it
/// applied and reads again in one piece.
/// </summary>
public sealed class LogSlices(KafkaLog log, int recordsPerFold, ILogger logger, string what)
{
    /// <summary>
    /// The most records a restore or a rebuild holds in memory at once (<see cref="FoldSlices"/>). With the default a
    /// service that restored 300,000 events stood at about 400 MB (50,000: about 500 MB; the whole log: 690–820 MB); a
    /// larger value reads a long log in fewer slices, which is quicker (docs/performance.md, step 37).
    /// </summary>
    public const string RecordsPerFoldSetting = "Recovery:RecordsPerFold";

    public const int DefaultRecordsPerFold = 20_000;

    /// <summary><see cref="RecordsPerFoldSetting"/>, refused with its name when below one record.</summary>
    public static int RecordsPerFold(IConfiguration configuration)
    {
        var records = configuration.GetValue(RecordsPerFoldSetting, DefaultRecordsPerFold);
        return records >= 1 ? records
            : throw new InvalidOperationException($"{RecordsPerFoldSetting} is {records}: a restore or a rebuild holds at least one record at a time (default {DefaultRecordsPerFold:D}).");
    }

    /// <summary>Decodes records into facts (appended to the list) as the caller's listeners would; answers what it read.</summary>
    public delegate FactsRead Decoder(IEnumerable<LogRecord> records, List<(LogRecord Record, object Message)> facts);

    /// <summary>
    /// Hands each slice's facts to <paramref name="apply"/>, one slice after the other, and answers what was read; null
    /// when the log cannot be read in slices of whole orders (nothing more is applied then). Only records whose key
    /// <paramref name="keys"/> accepts are read, if given.
    /// </summary>
    private async Task<FactsRead?> InSlicesAsync(KafkaLog.Cut to, Decoder decode, Func<List<(LogRecord Record, object Message)>, Task> apply,
        CancellationToken cancellation, Func<string?, bool>? keys = null)
    {
        if (to.ByPartitionNumber() is not { } numbers)
        {
            logger.LogWarning("{What}: the topics have different partition counts, so one order's records may sit under different partition numbers: read in one piece, every fact held in memory", what);
            return null;
        }
        var counts = log.CountsBefore(to);
        var plan = FoldSlices.Plan(numbers.Select(number => number.End.Keys.Sum(partition => counts[partition])).ToList(), recordsPerFold);
        var found = FactsRead.None;
        var folded = new HashSet<Guid>(); // orders of earlier slices: about 40 bytes an order, not a fact's kilobytes
        foreach (var (index, slice) in plan.Index())
        {
            var cut = new KafkaLog.Cut(slice.Numbers.SelectMany(number => numbers[number].End).ToDictionary(pair => pair.Key, pair => pair.Value));
            for (var pass = 0; pass < slice.Passes; pass++)
            {
                var facts = new List<(LogRecord Record, object Message)>();
                var (keep, passes) = (pass, slice.Passes); // the filter runs while the read is enumerated
                found = found.Plus(decode(log.Read(cut, cancellation: cancellation, keys: key => FoldSlices.InPass(key, keep, passes) && keys?.Invoke(key) != false), facts));
                var orders = facts.Select(fact => fact.Message).OfType<IOrderMessage>().Select(fact => fact.OrderId).ToHashSet();
                if (orders.Where(folded.Contains).Select(order => (Guid?)order).FirstOrDefault() is { } split)
                {
                    logger.LogWarning("{What}: order {OrderId} has records under two partition numbers: read again in one piece, every fact held in memory", what, split);
                    return null;
                }
                await apply(facts);
                folded.UnionWith(orders);
            }
            logger.LogInformation("{What}: slice {Slice} of {Slices} folded (partition numbers {First}-{Last}, {Passes} pass(es)); {Read} record(s) read so far",
                what, index + 1, plan.Count, slice.Numbers[0], slice.Numbers[^1], slice.Passes, found.Read);
        }
        return found;
    }

    /// <summary>
    /// <see cref="InSlicesAsync"/>, or, when the log cannot be read in slices of whole orders, <paramref name="undo"/> (what
    /// the slices applied) and <see cref="InOnePieceAsync"/>.
    /// </summary>
    public async Task<FactsRead> ReadAsync(KafkaLog.Cut to, Decoder decode, Func<List<(LogRecord Record, object Message)>, Task> apply,
        Func<Task> undo, CancellationToken cancellation, Func<string?, bool>? keys = null)
    {
        if (await InSlicesAsync(to, decode, apply, cancellation, keys) is { } found) return found;
        await undo();
        return await InOnePieceAsync(to, decode, apply, cancellation, keys);
    }

    /// <summary>Every fact up to the cut handed to <paramref name="apply"/> at once: memory grows with the log.</summary>
    private async Task<FactsRead> InOnePieceAsync(KafkaLog.Cut to, Decoder decode, Func<List<(LogRecord Record, object Message)>, Task> apply,
        CancellationToken cancellation, Func<string?, bool>? keys = null)
    {
        var facts = new List<(LogRecord Record, object Message)>();
        var found = decode(log.Read(to, cancellation: cancellation, keys: keys), facts);
        await apply(facts);
        return found;
    }
}
