namespace Orders.Chaos;

/// <summary>
/// What to run, from command-line options or environment variables (CHAOS_ORDERS, CHAOS_RATE, CHAOS_MIN_FAULTS,
/// CHAOS_FAULTS, CHAOS_SEED, CHAOS_QUIET_TIMEOUT, ORDERS_CHAOS_POSTGRES).
/// </summary>
public sealed record ChaosOptions(
    int Orders,
    double RatePerSecond,
    int MinFaults,
    IReadOnlySet<string> FaultKinds,
    int Seed,
    TimeSpan QuietTimeout,
    string PostgresAdmin)
{
    public static ChaosOptions Parse(string[] args)
    {
        string? Get(string option, string env) =>
            Array.IndexOf(args, option) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : Environment.GetEnvironmentVariable(env);

        int Int(string option, string env, int fallback, int min)
        {
            var text = Get(option, env);
            if (text is null) return fallback;
            return int.TryParse(text, out var value) && value >= min ? value : throw new ArgumentException($"{option} ({env}) must be a whole number ≥ {min}; got '{text}'.");
        }

        var rateText = Get("--rate", "CHAOS_RATE");
        var rate = rateText is null ? 10 : double.TryParse(rateText, System.Globalization.CultureInfo.InvariantCulture, out var r) && r > 0 ? r
            : throw new ArgumentException($"--rate (CHAOS_RATE) must be a positive number of orders per second; got '{rateText}'.");

        var kinds = Get("--faults", "CHAOS_FAULTS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet()
            : FaultCatalogNames.All.ToHashSet();
        var unknown = kinds.Except(FaultCatalogNames.All).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown fault kind(s) {string.Join(", ", unknown)}; known: {string.Join(", ", FaultCatalogNames.All)}.");

        var postgres = Get("--postgres", "ORDERS_CHAOS_POSTGRES")
            ?? throw new ArgumentException("Give the PostgreSQL admin connection string with --postgres or ORDERS_CHAOS_POSTGRES (make chaos does).");

        return new ChaosOptions(
            Orders: Int("--orders", "CHAOS_ORDERS", 1000, 1),
            RatePerSecond: rate,
            MinFaults: Int("--min-faults", "CHAOS_MIN_FAULTS", 50, 0),
            FaultKinds: kinds,
            Seed: Int("--seed", "CHAOS_SEED", Environment.TickCount & 0xffff, 0),
            QuietTimeout: TimeSpan.FromSeconds(Int("--quiet-timeout", "CHAOS_QUIET_TIMEOUT", 300, 1)),
            PostgresAdmin: postgres);
    }
}
