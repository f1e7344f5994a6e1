using System.Diagnostics;

namespace Ordering.Api.Orders.Writing;

/// <summary>
/// A command from an HTTP request, waiting in its writer's queue: what to decide, the request's trace and correlation
/// (what it publishes carries them, as a Wolverine endpoint's messages would), and the answer the request awaits.
/// <see cref="OrderIsNew"/>: the request minted the order's id, so there is no order to read.
/// </summary>
public sealed class PendingCommand(OrderCommand command, Activity? activity, string correlationId, bool orderIsNew)
{
    // Continuations run on the pool, not on the writer's loop: answering a request must not hold up the next batch.
    private readonly TaskCompletionSource<OrderOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OrderCommand Command => command;
    public Activity? Activity => activity;
    public string CorrelationId => correlationId;
    public bool OrderIsNew => orderIsNew;
    public Task<OrderOutcome> Outcome => _outcome.Task;

    public static PendingCommand FromCurrentRequest(OrderCommand command, bool orderIsNew) =>
        // Wolverine's rule for a message context outside a handler: the trace's root id, or a new one.
        new(command, Activity.Current, Activity.Current?.RootId ?? Guid.NewGuid().ToString(), orderIsNew);

    public void Complete(OrderOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);

    /// <summary>The service stopped before the command was decided: nothing was written.</summary>
    public void Abandon() => _outcome.TrySetCanceled();
}
