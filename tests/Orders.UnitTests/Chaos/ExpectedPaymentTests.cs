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
