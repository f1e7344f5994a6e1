namespace Ordering.Api.Orders;

public enum RejectionKind
{
    /// <summary>No such order.</summary>
    NotFound,
    /// <summary>The order's state forbids the command (409).</summary>
    Conflict,
    /// <summary>The command is well formed but breaks a business rule (422).</summary>
    Unprocessable,
}

public sealed record Rejection(RejectionKind Kind, string Reason);

/// <summary>The outcome of a decision: either a rejection, or the events to append (possibly none: an idempotent no-op).</summary>
public sealed record Decision(IReadOnlyList<object> Events, Rejection? Rejection)
{
    public static Decision Accept(params object[] events) => new(events, null);
    public static readonly Decision Nothing = new([], null);
    public static Decision Reject(RejectionKind kind, string reason) => new([], new Rejection(kind, reason));
    public bool IsRejected => Rejection is not null;
}
