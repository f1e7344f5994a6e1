using Orders.Verification;

namespace Orders.Chaos;

/// <summary>The run's summary as a Markdown table: what was done to the suite and what the checker found.</summary>
public static class ChaosTable
{
    public static string Render(ChaosOptions options, IReadOnlyDictionary<string, int> faults, InvariantReport report, TimeSpan load, TimeSpan? quiet, int rejected, string? faultsGaveUp = null)
    {
        var rows = new List<(string, string)>
        {
            ("orders", $"{report.Orders} (offered {options.Orders} at {options.RatePerSecond}/s, load {load.TotalSeconds:0} s, seed {options.Seed})"),
            ("faults injected", faults.Values.Sum().ToString()),
        };
        rows.AddRange(faults.Select(f => ($"  {f.Key}", f.Value.ToString()))); // a kind at 0 was chosen and never injected
        rows.AddRange(
        [
            ("creates rejected", rejected.ToString()),
            ("lost", report.Lost.ToString()),
            ("duplicated effects", report.DuplicatedEffects.ToString()),
            ("stuck", report.Stuck.ToString()),
            ("wrong endings", report.WrongEndings.ToString()),
            ("not ended as made to", report.UnexpectedEndings.ToString()),
            ("cancelled by the payment deadline", $"{report.PaymentTimeouts} (allowed: Payment away for longer than Ordering:PaymentTimeout)"),
            ("shipped unpaid or refunded", report.WrongPayments.ToString()),
            ("missing refunds", report.MissingRefunds.ToString()),
            ("wrong shipments", report.WrongShipments.ToString()),
            ("read models ≠ log", report.ProjectionMismatches.ToString()),
            ("dead letters", report.DeadLetters.ToString()),
            ("time to quiet", quiet is { } q ? $"{q.TotalSeconds:0.0} s" : "not quiet within the timeout"),
            ("verdict", Failures(report, quiet, rejected, faultsGaveUp) is { Count: > 0 } failures ? $"FAILED: {string.Join("; ", failures)}" : "all invariants hold"),
        ]);
        var width = rows.Max(r => r.Item1.Length);
        return "| what | count |\n|---|---|\n" + string.Join("\n", rows.Select(r => $"| {r.Item1.PadRight(width)} | {r.Item2} |"));
    }

    /// <summary>Why the run fails, none when it passes: the verdict row and the exit status both follow this.</summary>
    public static IReadOnlyList<string> Failures(InvariantReport report, TimeSpan? quiet, int rejected, string? faultsGaveUp = null)
    {
        var failures = new List<string>();
        if (!report.Holds) failures.Add("invariants violated");
        if (quiet is null) failures.Add("not quiet within the timeout");
        // A rejected create is an order the checker never sees, so the damage a fault did to it would go unnoticed.
        if (rejected > 0) failures.Add($"{rejected} create(s) rejected");
        // A run short of its faults has not tested what it promised, however well the suite did.
        if (faultsGaveUp is not null) failures.Add($"faults: {faultsGaveUp}");
        return failures;
    }
}
