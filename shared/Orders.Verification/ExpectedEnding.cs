namespace Orders.Verification;

/// <summary>How a load's order should end, from what it was made to be: a checker that only asks "did it end?" would pass a suite that cancels every order.</summary>
public enum ExpectedEnding
{
    /// <summary>An ordinary order: paid and shipped.</summary>
    Shipped,

    /// <summary>Above the payment limit: declined, so cancelled.</summary>
    Declined,

    /// <summary>Holds an item the warehouse cannot pick: paid, then cancelled and refunded.</summary>
    ShipmentFailed,
}

public enum EndingVerdict { AsExpected, PaymentTimedOut, Unexpected }

public static class Endings
{
    /// <summary>
    /// An order's ending against the one expected. A cancellation by the payment deadline (Ordering:PaymentTimeout) is
    /// the suite working as designed when Payment stayed away long enough, for any order: counted apart, not a violation.
    /// </summary>
    public static EndingVerdict Judge(ExpectedEnding expected, string status, string? cancellationReason)
    {
        if (status == "Cancelled" && cancellationReason?.StartsWith("Payment did not answer", StringComparison.Ordinal) == true) return EndingVerdict.PaymentTimedOut;
        return (expected, status) switch
        {
            (ExpectedEnding.Shipped, "Shipped") => EndingVerdict.AsExpected,
            (ExpectedEnding.Declined, "Cancelled") when cancellationReason?.StartsWith("Payment declined", StringComparison.Ordinal) == true => EndingVerdict.AsExpected,
            (ExpectedEnding.ShipmentFailed, "Cancelled") when cancellationReason?.StartsWith("Shipment failed", StringComparison.Ordinal) == true => EndingVerdict.AsExpected,
            _ => EndingVerdict.Unexpected,
        };
    }
}
