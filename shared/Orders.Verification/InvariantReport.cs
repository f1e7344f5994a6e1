namespace Orders.Verification;

/// <summary>The checker's verdict: one counter per kind of violation, and every violation spelled out.</summary>
public sealed record InvariantReport(
    int Orders,
    int Lost,
    int Stuck,
    int DuplicatedEffects,
    int WrongEndings,
    int UnexpectedEndings,
    int PaymentTimeouts,
    int WrongPayments,
    int MissingRefunds,
    int WrongShipments,
    int ProjectionMismatches,
    int DeadLetters,
    IReadOnlyList<string> Violations)
{
    public bool Holds => Violations.Count == 0;

    public override string ToString() => Holds
        ? $"all invariants hold for {Orders} orders"
        : $"{Violations.Count} violation(s) over {Orders} orders:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Violations.Take(50));
}
