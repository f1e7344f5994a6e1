using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orders.ServiceDefaults.Messaging;

namespace Ordering.Api.Orders.Writing;

/// <summary>
/// Group commit for the order commands that come over HTTP (create, add an item, place, cancel). Each request queues
/// its command and awaits the answer; a writer takes every command waiting in its queue at once, up to
/// <see cref="WriteSettings.CommandBatchSize"/>, and applies them in one transaction (<see cref="OrderCommandBatch"/>).
/// A transaction per request made the three requests of an order three loads, three commits and their round trips,
/// half of the suite's database transactions (docs/performance.md, step 23). When requests are few a batch holds
/// one command and nothing waits for company; when many arrive while a batch commits, the next batch takes them all.
/// <para>
/// An order's commands always go to the same writer, in the order they arrived, so one batch never races itself. A
/// batch that loses a race with another writer of the order (the saga's answers, the payment deadline, an erasure) is
/// decided again on the orders as they are now, as a client retrying the request would; one that still fails is
/// applied command by command, so a command that cannot be written fails only its own request, with the exception a
/// transaction of its own would have raised (409 for a lost race, 503 for the database being away).
/// </para>
/// </summary>
public sealed class OrderCommandWriter(IOrderCommandBatch batch, IOptions<WriteSettings> settings, ILogger<OrderCommandWriter> logger) : BackgroundService
{
    private const int ConflictRetries = 3;
    private readonly Channel<PendingCommand>[] _queues = Enumerable.Range(0, settings.Value.CommandWriters)
        .Select(_ => Channel.CreateUnbounded<PendingCommand>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    /// <summary>
    /// Decides <paramref name="command"/> on its order and writes what it changes; the outcome once committed.
    /// <paramref name="orderIsNew"/>: the caller minted the order's id just now (there is nothing to read).
    /// </summary>
    public Task<OrderOutcome> RunAsync(OrderCommand command, bool orderIsNew = false)
    {
        var pending = PendingCommand.FromCurrentRequest(command, orderIsNew);
        if (!QueueOf(command.OrderId).Writer.TryWrite(pending))
            throw new InvalidOperationException("The service is stopping and takes no more commands.");
        return pending.Outcome;
    }

    private Channel<PendingCommand> QueueOf(Guid orderId) => _queues[(int)((uint)orderId.GetHashCode() % (uint)_queues.Length)];

    protected override Task ExecuteAsync(CancellationToken stopping) => Task.WhenAll(_queues.Select(queue => WriteAsync(queue, stopping)));

    private async Task WriteAsync(Channel<PendingCommand> queue, CancellationToken stopping)
    {
        var size = settings.Value.CommandBatchSize;
        try
        {
            while (!stopping.IsCancellationRequested && await queue.Reader.WaitToReadAsync(stopping))
            {
                var commands = new List<PendingCommand>();
                while (commands.Count < size && queue.Reader.TryRead(out var next)) commands.Add(next);
                await ApplyAsync(commands, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues) queue.Writer.TryComplete(); // no more commands
        await base.StopAsync(cancellationToken); // the batch in hand is finished first
        // What is still queued was never decided (nor written): its requests fail instead of waiting for ever. A writer
        // may not even have started reading when the host is stopped right after its start.
        foreach (var queue in _queues)
            while (queue.Reader.TryRead(out var left)) left.Abandon();
    }

    private async Task ApplyAsync(IReadOnlyList<PendingCommand> commands, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Not cancelled by a stop: a batch begun is finished and answered (the host waits for it), so a request
                // is never told "failed" about a commit that happened; what is still queued is abandoned instead.
                var outcomes = await batch.ApplyAsync(commands);
                for (var i = 0; i < commands.Count; i++) commands[i].Complete(outcomes[i]);
                return;
            }
            catch (Exception e) when (TransientFailures.IsConflict(e) && attempt < ConflictRetries && !stopping.IsCancellationRequested)
            {
                logger.LogDebug("{Count} order command(s) lost a race ({Reason}); deciding them again", commands.Count, e.Message);
            }
            catch (Exception e) when (commands.Count > 1 && !TransientFailures.IsTransient(e) && !stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "A batch of {Count} order commands failed; applying them one by one", commands.Count);
                foreach (var command in commands) await ApplyAsync([command], stopping);
                return;
            }
            catch (Exception e)
            {
                // Nothing was committed: each request answers as its own transaction would have (DataExceptionHandler).
                foreach (var command in commands) command.Fail(e);
                return;
            }
        }
    }
}
