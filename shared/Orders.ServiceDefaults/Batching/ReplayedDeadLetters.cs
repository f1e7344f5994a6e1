using Wolverine;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Batching;

/// <summary>
/// Hands the dead letters of a batched listener back to it when an operator replays them through the admin API
/// (<c>POST /admin/dead-letters/replay</c>). Wolverine moves a replayed dead letter into its inbox, addressed to the
/// topic it came from, and hands it to the listener at that address; for a topic read by a batched listener there is
/// no such Wolverine listener and the message would wait in the inbox for ever, so the batched listener claims it.
/// </summary>
public sealed class ReplayedDeadLetters(IWolverineRuntime runtime)
{
    /// <summary>Replayed dead letters of the topic, claimed for this node (none, most of the time: one query).</summary>
    public async Task<IReadOnlyList<Envelope>> ClaimAsync(string topic, int limit)
    {
        var waiting = await runtime.Storage.LoadPageOfGloballyOwnedIncomingAsync(DeadLetterRecord.AddressOf(topic), limit);
        return waiting.Count == 0 ? [] : await runtime.Storage.TryClaimIncomingAsync(runtime.DurabilitySettings.AssignedNodeNumber, waiting);
    }

    /// <summary>Applied (or parked again as a dead letter): done with.</summary>
    public Task DoneAsync(IReadOnlyList<Envelope> replayed) => runtime.Storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(replayed);
}
