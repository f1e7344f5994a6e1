using Wolverine;

namespace Ordering.Api.Orders;

/// <summary>What one command does to an order: the new snapshot and everything to publish with it, or a rejection.</summary>
public sealed record OrderOutcome(Order? Order, IReadOnlyList<object> Events, IReadOnlyList<object> Commands, Rejection? Rejection)
{
    public bool Changed => Events.Count > 0;

    /// <summary>Events for orders-events and commands for the other services, leaving through the durable outbox.</summary>
    public OutgoingMessages Messages => Changed ? [.. Events, .. Commands] : [];
}

public static class OrderWorkflow
{
    /// <summary>Decide, fold and react: pure, so the whole step can be tested without a database or a broker.</summary>
    public static OrderOutcome Run(OrderCommand command, Order? current)
    {
        var decision = OrderDecider.Decide(command, current);
        if (decision.IsRejected || decision.Events.Count == 0) return new OrderOutcome(current, decision.Events, [], decision.Rejection);

        var (next, commands) = OrderProcess.Apply(current, decision.Events);
        // Events carry no clock, so the fold cannot know when the wait for Payment began: the place command does.
        if (command is PlaceOrder placing) next = next with { AwaitingPaymentSince = placing.At };
        return new OrderOutcome(next, decision.Events, commands, null);
    }
}
