using Ordering.Api.Orders.History;
using Orders.Contracts.Payments;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>The refund closes the saga's compensation: the order was cancelled before it was asked for. Only history changes.</summary>
public static class PaymentRefundedHandler
{
    public static IMartenOp Handle(PaymentRefunded e, Envelope envelope) => OrderHistoryEntry.Record(envelope, e);
}
