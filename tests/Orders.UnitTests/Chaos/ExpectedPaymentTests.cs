using Orders.Verification;

namespace Orders.UnitTests.Chaos;

/// <summary>The checker compares every payment with what its facts say, including orders that should have none.</summary>
public class ExpectedPaymentTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, null)]         // never asked for (cancelled before placing): no payment may exist
    [InlineData(1, 0, 0, 0, "Captured")]
    [InlineData(1, 1, 0, 0, "Refunded")]
    [InlineData(0, 0, 1, 0, "Declined")]
    [InlineData(0, 0, 0, 1, "Voided")]     // the refund overtook the capture
    public void Given_the_payment_facts_of_an_order_When_read_Then_the_status_they_imply(int captures, int refunds, int declines, int voids, string? expected) =>
        Assert.Equal(expected, InvariantChecker.ExpectedPayment(captures, refunds, declines, voids));
}

/// <summary>The chaos load knows how each order should end; the checker holds the suite to it.</summary>
public class EndingsTests
{
    [Theory]
    [InlineData(ExpectedEnding.Shipped, "Shipped", null, EndingVerdict.AsExpected)]
    [InlineData(ExpectedEnding.Shipped, "Cancelled", "Payment declined: over the limit", EndingVerdict.Unexpected)] // a suite that cancels what it should ship
    [InlineData(ExpectedEnding.Declined, "Cancelled", "Payment declined: Amount above the limit", EndingVerdict.AsExpected)]
    [InlineData(ExpectedEnding.Declined, "Shipped", null, EndingVerdict.Unexpected)]                              // shipped above the payment limit
    [InlineData(ExpectedEnding.ShipmentFailed, "Cancelled", "Shipment failed: SKU-NONE unavailable", EndingVerdict.AsExpected)]
    [InlineData(ExpectedEnding.ShipmentFailed, "Cancelled", "Cancelled by the customer.", EndingVerdict.Unexpected)]
    [InlineData(ExpectedEnding.Shipped, "Cancelled", "Payment did not answer within 00:00:30.", EndingVerdict.PaymentTimedOut)]
    public void Given_how_an_order_was_made_to_end_When_it_ended_Then_judged(ExpectedEnding expected, string status, string? reason, EndingVerdict verdict) =>
        Assert.Equal(verdict, Endings.Judge(expected, status, reason));
}
