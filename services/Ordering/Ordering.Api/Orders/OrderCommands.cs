using Ordering.Api.Privacy;

namespace Ordering.Api.Orders;

/// <summary>Everything that can be asked of an order. Time and ids come in from outside, never from here.</summary>
public abstract record OrderCommand(Guid OrderId);

public sealed record NewOrderLine(string Sku, int Quantity, decimal UnitPrice);

public sealed record CreateOrder(Guid OrderId, string CustomerId, string Currency, IReadOnlyList<NewOrderLine> Lines, CustomerDetails? Customer = null) : OrderCommand(OrderId);
public sealed record AddItem(Guid OrderId, NewOrderLine Line) : OrderCommand(OrderId);
/// <summary>Places the order at <paramref name="At"/>, from when it waits for Payment (the payment deadline counts from it).</summary>
public sealed record PlaceOrder(Guid OrderId, DateTimeOffset At) : OrderCommand(OrderId);
public sealed record CancelOrder(Guid OrderId, string Reason) : OrderCommand(OrderId);

/// <summary>An answer from Payment or Shipping: a fact elsewhere that the order must take note of. Never rejected.</summary>
public abstract record OrderAnswer(Guid OrderId) : OrderCommand(OrderId);

public sealed record RecordPaymentCaptured(Guid OrderId, Guid PaymentId, decimal Amount) : OrderAnswer(OrderId);
public sealed record RecordPaymentDeclined(Guid OrderId, string Reason) : OrderAnswer(OrderId);
public sealed record RecordDispatch(Guid OrderId, string TrackingNumber) : OrderAnswer(OrderId);
public sealed record RecordShipmentCancelled(Guid OrderId, string Reason) : OrderAnswer(OrderId);
public sealed record RecordShipmentFailed(Guid OrderId, string Reason) : OrderAnswer(OrderId);

/// <summary>Payment did not answer within <paramref name="Timeout"/> of the order being placed: time itself is the answer (<c>Saga/PaymentDeadlineSweeper</c>).</summary>
public sealed record RecordPaymentTimedOut(Guid OrderId, TimeSpan Timeout) : OrderAnswer(OrderId);
