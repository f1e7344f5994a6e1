using Marten;
using Microsoft.Extensions.Options;
using Ordering.Api.Orders;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Ordering.Api.Saga;

/// <summary>
/// The payment deadline: every <see cref="SagaSettings.PaymentDeadlineCheckInterval"/>, the orders that have waited for
/// Payment longer than <see cref="SagaSettings.PaymentTimeout"/> are cancelled, with a refund asked for any capture still
/// in flight (<see cref="OrderProcess"/>), a batch per transaction through Wolverine's durable outbox.
/// <para>
/// One indexed query a second replaces a durable scheduled message per order, which cost every order an outbox row, an
/// inbox row, a poll and a transaction of its own only to find, almost always, the order paid (docs/performance.md,
/// step 7). It also survives what the scheduled message did not: an order restored from the log onto an empty database
/// still carries the time it began to wait (<see cref="RestoreOrdersFromLog"/>). Replicas may sweep the same order:
/// optimistic concurrency lets one commit; the other's sweep fails and the next one finds the order cancelled.
/// </para>
/// </summary>
public sealed class PaymentDeadlineSweeper(IDocumentStore store, IWolverineRuntime runtime, IOptions<SagaSettings> settings,
    ILogger<PaymentDeadlineSweeper> logger) : BackgroundService
{
    /// <summary>Orders cancelled per transaction; a sweep goes on while batches come back full.</summary>
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(settings.Value.PaymentDeadlineCheckInterval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                while (await CancelOverdueAsync(DateTimeOffset.UtcNow, stopping) == BatchSize) { }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database away, or a racing writer on one of the orders: nothing was committed, the next tick retries.
                logger.LogWarning("Payment deadline check failed, retried in {Interval}: {Reason}", settings.Value.PaymentDeadlineCheckInterval, e.Message);
            }
        }
    }

    /// <summary>Cancels up to <see cref="BatchSize"/> orders whose wait for Payment began before <c>now - timeout</c>; returns how many it cancelled.</summary>
    public async Task<int> CancelOverdueAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var timeout = settings.Value.PaymentTimeout;
        var waitingSinceBefore = now - timeout;
        await using var session = store.LightweightSession();
        var overdue = await session.Query<Order>()
            .Where(order => order.AwaitingPaymentSince < waitingSinceBefore)
            .OrderBy(order => order.AwaitingPaymentSince)
            .Take(BatchSize)
            .ToListAsync(cancellation);
        if (overdue.Count == 0) return 0;

        var outbox = new MartenOutbox(runtime, session);
        var cancelled = 0;
        foreach (var order in overdue)
        {
            var outcome = OrderWorkflow.Run(new RecordPaymentTimedOut(order.Id, timeout), order);
            if (!outcome.Changed) continue; // only a placed order waits for Payment (the fold clears the time when it leaves)
            session.Store(outcome.Order!);
            foreach (var message in outcome.Messages) await outbox.PublishAsync(message);
            cancelled++;
        }
        if (cancelled == 0) return 0;
        await session.SaveChangesAsync(cancellation);
        logger.LogInformation("Payment deadline: {Count} order(s) cancelled after waiting more than {Timeout} for Payment", cancelled, timeout);
        return cancelled;
    }
}
