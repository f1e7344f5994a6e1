using Marten;
using Microsoft.Extensions.Options;
using Ordering.Api.Orders;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Telemetry;
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
/// step 7). It also covers what the scheduled message did not: an order restored from the log onto an empty database
/// still carries the time it began to wait (<see cref="RestoreOrdersFromLog"/>).
/// </para>
/// <para>
/// An order is judged only on everything Payment has said so far: after a start (a restart, a restore), nothing is
/// cancelled until the saga has read <c>payments-events</c> to its end, where a capture may be waiting for an order that
/// is overdue by now (or one payment timeout after the start, if it never gets there). Replicas skip the rows another
/// one is cancelling (<c>for update skip locked</c>); a payment answer committed meanwhile fails the sweep's commit
/// (optimistic concurrency) and the next sweep finds the order paid. An order that cannot be cancelled is logged and
/// tried again at the next check, alone, so it never holds back the others.
/// </para>
/// <para>
/// Orders placed by a build before this one (which kept a scheduled message per order instead) are placed but carry no
/// waiting time, so no sweep would ever find them: after its first sweep the sweeper starts their wait
/// (<see cref="StartLegacyWaitsAsync"/>), which gives them one payment timeout from then.
/// </para>
/// </summary>
public sealed class PaymentDeadlineSweeper(IDocumentStore store, IWolverineRuntime runtime, IOptions<SagaSettings> settings,
    BatchedListener<PaymentAnswers> paymentAnswers, ILogger<PaymentDeadlineSweeper> logger) : BackgroundService
{
    /// <summary>Orders cancelled per transaction; a check goes on while batches come back full.</summary>
    public const int BatchSize = 500;

    // One statement of the overdue condition for the sweep, its one-by-one fallback and each order alone; the rows a sweep
    // cancels stay locked for it, and other replicas skip them.
    private const string WaitingSinceBefore = "d.awaiting_payment_since < ?";
    private const string Overdue = "where " + WaitingSinceBefore + " order by d.awaiting_payment_since limit ?";
    private const string OverdueOne = "where d.id = ? and " + WaitingSinceBefore;
    private const string Locked = " for update skip locked";

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var interval = settings.Value.PaymentDeadlineCheckInterval;
        var notBefore = DateTimeOffset.UtcNow + settings.Value.PaymentTimeout;
        using var timer = new PeriodicTimer(interval);
        logger.LogInformation("Payment deadline: checked every {Interval} once payments-events has been read to its end", interval);
        var legacyWaitsStarted = false;
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                if (!paymentAnswers.HasCaughtUp && DateTimeOffset.UtcNow < notBefore) continue;
                while (await CancelOverdueAsync(DateTimeOffset.UtcNow, stopping) == BatchSize) { }
                // After the sweep, so that should starting them fail, the deadline of every other order still holds.
                if (!legacyWaitsStarted) legacyWaitsStarted = await StartLegacyWaitsAsync(DateTimeOffset.UtcNow, stopping) < BatchSize;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database away, or a racing writer on one of the orders: the transaction rolled back, the next check retries.
                if (TransientFailures.IsTransient(e) || TransientFailures.IsConflict(e)) logger.LogInformation("Payment deadline check retried in {Interval}: {Reason}", interval, e.Message);
                else logger.LogWarning(e, "Payment deadline check failed, retried in {Interval}", interval);
            }
        }
    }

    /// <summary>
    /// Cancels up to <see cref="BatchSize"/> orders whose wait for Payment began before <c>now - timeout</c>, in one
    /// transaction; if that fails for a reason of its own (not the database away, not a racing writer), each alone.
    /// Returns how many it cancelled.
    /// </summary>
    public async Task<int> CancelOverdueAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var waitingSinceBefore = now - settings.Value.PaymentTimeout;
        try
        {
            return await CancelAsync(Overdue + Locked, [waitingSinceBefore, BatchSize], cancellation);
        }
        catch (Exception e) when (!TransientFailures.IsTransient(e) && !TransientFailures.IsConflict(e) && !cancellation.IsCancellationRequested)
        {
            logger.LogWarning(e, "Payment deadline: cancelling overdue orders together failed; cancelling them one by one");
        }
        await using var query = store.QuerySession();
        var ids = (await query.QueryAsync<Order>(Overdue, cancellation, waitingSinceBefore, BatchSize)).Select(o => o.Id).ToList();
        var cancelled = 0;
        foreach (var id in ids)
        {
            try
            {
                cancelled += await CancelAsync(OverdueOne + Locked, [id, waitingSinceBefore], cancellation);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                logger.LogError(e, "Order {OrderId} is past its payment deadline but could not be cancelled; tried again at the next check", id);
            }
        }
        return cancelled;
    }

    /// <summary>
    /// Starts, at <paramref name="now"/>, the wait of up to <see cref="BatchSize"/> placed orders that carry no waiting time
    /// (placed before the deadline was kept on the order), in one transaction; returns how many. A racing writer fails the
    /// commit (optimistic concurrency) and the next check tries again.
    /// </summary>
    public async Task<int> StartLegacyWaitsAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var untimed = await session.Query<Order>().Where(o => o.Status == OrderStatus.Placed && o.AwaitingPaymentSince == null)
            .Take(BatchSize).ToListAsync(cancellation);
        if (untimed.Count == 0) return 0;
        foreach (var order in untimed) session.Store(order with { AwaitingPaymentSince = now });
        await session.SaveChangesAsync(cancellation);
        logger.LogInformation("Payment deadline: {Count} order(s) placed before the deadline was kept on the order wait for Payment from now", untimed.Count);
        return untimed.Count;
    }

    private async Task<int> CancelAsync(string where, object[] parameters, CancellationToken cancellation)
    {
        var timeout = settings.Value.PaymentTimeout;
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellation); // the rows stay locked for this sweep until it commits
        var overdue = await session.QueryAsync<Order>(where, cancellation, parameters);
        if (overdue.Count == 0) return 0;

        var outbox = new MartenOutbox(runtime, session);
        var cancelled = 0;
        foreach (var order in overdue)
        {
            var outcome = OrderWorkflow.Run(new RecordPaymentTimedOut(order.Id, timeout), order);
            if (!outcome.Changed)
            {
                // Only a placed order waits for Payment, and the fold clears the time when it leaves that state; should an
                // order ever keep it, clearing it here keeps the order from filling every later sweep.
                logger.LogWarning("Order {OrderId} is {Status} but was still marked as waiting for Payment; mark cleared", order.Id, order.Status);
                session.Store(order with { AwaitingPaymentSince = null });
                continue;
            }
            using var span = OrdersTracing.Starting("payment deadline", order.Id); // the cancellation and refund get a trace of their own
            outbox.CorrelationId = span?.RootId ?? Guid.NewGuid().ToString();
            session.Store(outcome.Order!);
            foreach (var message in outcome.Messages) await outbox.PublishAsync(message);
            cancelled++;
        }
        await session.SaveChangesAsync(cancellation);
        if (cancelled > 0)
            logger.LogInformation("Payment deadline: {Count} order(s) cancelled after waiting more than {Timeout} for Payment", cancelled, timeout);
        return overdue.Count; // the rows read, cancelled or cleared: a full page means there may be more
    }
}
