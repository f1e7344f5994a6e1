using Ordering.Api.Orders;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace Ordering.Api.Saga;

/// <summary>
/// The saga's step for an answer from Payment or Shipping: run it through the order's rules and return the
/// snapshot write and the messages it triggers. One handler class per answer, because Wolverine applies every
/// <c>Load</c> method of a class to each of its handlers.
/// </summary>
internal static class SagaStep
{
    public static (OutgoingMessages, IMartenOp, IMartenOp) Take(OrderAnswer answer, Order? order, Envelope envelope, IOrderMessage fact)
    {
        var outcome = OrderWorkflow.Run(answer, order);
        return (outcome.Messages, outcome.Storage, OrderHistoryEntry.Record(envelope, fact));
    }
}
