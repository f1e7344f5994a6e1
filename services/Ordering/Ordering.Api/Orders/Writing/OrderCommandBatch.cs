using System.Diagnostics;
using Marten;
using Orders.ServiceDefaults.Batching;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Ordering.Api.Orders.Writing;

/// <summary>
/// Applies commands in one transaction: an outcome for each, in their order, once committed; nothing written if it
/// throws. Not cancellable: a batch begun is finished, so its requests hear what happened.
/// </summary>
public interface IOrderCommandBatch
{
    Task<IReadOnlyList<OrderOutcome>> ApplyAsync(IReadOnlyList<PendingCommand> commands);
}

/// <summary>
/// HTTP commands on orders decided and written in one transaction: the orders loaded in one query, each command decided
/// on its order as the commands before it in the batch left it (<see cref="DocumentsByOrder{T}"/>), each changed order
/// written once, and what each command publishes stored by Wolverine's durable outbox in the same transaction (in that
/// request's trace and correlation) and sent after the commit. Nothing is written if the commit fails, so the caller
/// can decide the same commands again on the orders as they then are. An order whose id the request minted is not
/// looked for (no order can have it yet): a create without an idempotency key costs no read.
/// </summary>
public sealed class OrderCommandBatch(IDocumentStore store, IWolverineRuntime runtime) : IOrderCommandBatch
{
    public async Task<IReadOnlyList<OrderOutcome>> ApplyAsync(IReadOnlyList<PendingCommand> commands)
    {
        await using var session = store.LightweightSession();
        var outbox = new MartenOutbox(runtime, session);
        var lookedFor = commands.Where(c => !c.OrderIsNew).Select(c => c.Command.OrderId); // a keyed create's order may exist
        var orders = await DocumentsByOrder<Order>.LoadAsync(session, lookedFor, order => order.Id, CancellationToken.None);

        var outcomes = new List<OrderOutcome>(commands.Count);
        foreach (var pending in commands)
        {
            var outcome = OrderWorkflow.Run(pending.Command, orders.Find(pending.Command.OrderId));
            outcomes.Add(outcome);
            if (!outcome.Changed) continue;
            orders.Change(pending.Command.OrderId, outcome.Order!);
            await PublishAsync(outbox, pending, outcome.Messages);
        }

        orders.WriteChanges(session); // a new order inserted, a loaded one stored under the version read
        await session.SaveChangesAsync();
        return outcomes;
    }

    /// <summary>Stamps the messages as the request's own Wolverine context would have: its trace, its correlation id.</summary>
    private static async Task PublishAsync(MartenOutbox outbox, PendingCommand pending, IEnumerable<object> messages)
    {
        var writersActivity = Activity.Current;
        Activity.Current = pending.Activity;
        outbox.CorrelationId = pending.CorrelationId;
        try
        {
            foreach (var message in messages) await outbox.PublishAsync(message);
        }
        finally
        {
            Activity.Current = writersActivity;
        }
    }
}
