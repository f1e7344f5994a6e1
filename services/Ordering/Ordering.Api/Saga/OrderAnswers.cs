using Ordering.Api.Orders;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Orders.ServiceDefaults.Batching;

namespace Ordering.Api.Saga;

/// <summary>What a fact from Payment or Shipping tells the order: pure, so the saga's reading of each fact is testable alone.</summary>
public static class OrderAnswers
{
    /// <summary>The answer to run through the order's rules, or null for a fact that only goes into the order's history.</summary>
    public static OrderAnswer? From(IOrderMessage fact) => fact switch
    {
        PaymentCaptured e => new RecordPaymentCaptured(e.OrderId, e.PaymentId, e.Amount),
        PaymentDeclined e => new RecordPaymentDeclined(e.OrderId, e.Reason),
        // The refund closes the saga's compensation: the order was cancelled before it was asked for.
        PaymentRefunded => null,
        // The refund overtook the capture, which Payment will refuse: the order is cancelled already, nothing to answer.
        PaymentVoided => null,
        OrderDispatched e => new RecordDispatch(e.OrderId, e.TrackingNumber),
        ShipmentCancelled e => new RecordShipmentCancelled(e.OrderId, e.Reason),
        ShipmentFailed e => new RecordShipmentFailed(e.OrderId, e.Reason),
        // A contract the saga does not answer (one published to the wrong topic, say): the record goes to the dead letters.
        _ => throw new UnreadableRecordException($"{fact.GetType().Name} is not an answer from Payment or Shipping"),
    };
}
