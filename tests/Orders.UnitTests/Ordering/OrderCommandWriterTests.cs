using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Ordering.Api.Orders;
using Ordering.Api.Orders.Writing;

namespace Orders.UnitTests.Ordering;

/// <summary>
/// Group commit for the HTTP commands: what waits together is applied together, an order's commands keep their order, and
/// a failed transaction fails only the requests it must, as each request's own transaction would have. The transaction
/// itself is a script here; the real one (Marten and Wolverine's outbox on PostgreSQL) is behind every Ordering
/// integration test.
/// </summary>
public sealed class OrderCommandWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Answers each command with an outcome that names it, or throws what <see cref="Fail"/> says for that batch.</summary>
    private sealed class ScriptedBatch : IOrderCommandBatch
    {
        public readonly ConcurrentQueue<IReadOnlyList<OrderCommand>> Applied = new();
        /// <summary>The orders whose ids their callers minted, as the batch was told.</summary>
        public readonly ConcurrentQueue<Guid> NewOrders = new();
        public Func<IReadOnlyList<OrderCommand>, int, Exception?> Fail { get; init; } = (_, _) => null;
        public TaskCompletionSource? Gate { get; set; }
        /// <summary>Set when the first batch is taken: what is sent after it queues for the next one.</summary>
        public readonly TaskCompletionSource FirstTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public async Task<IReadOnlyList<OrderOutcome>> ApplyAsync(IReadOnlyList<PendingCommand> commands)
        {
            var call = Interlocked.Increment(ref _calls);
            FirstTaken.TrySetResult();
            if (Gate is { } gate) await gate.Task;
            var batch = commands.Select(c => c.Command).ToList();
            if (Fail(batch, call) is { } failure) throw failure;
            Applied.Enqueue(batch);
            foreach (var pending in commands.Where(c => c.OrderIsNew)) NewOrders.Enqueue(pending.Command.OrderId);
            return batch.Select(command => new OrderOutcome(null, [command], [], null)).ToList();
        }
    }

    private static OrderCommandWriter Writer(IOrderCommandBatch batch, int writers = 1) =>
        new(batch, Options.Create(new WriteSettings { CommandWriters = writers, CommandBatchSize = 100 }), NullLogger<OrderCommandWriter>.Instance);

    private static PlaceOrder Place(Guid orderId) => new(orderId, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Commands_that_wait_while_a_batch_commits_are_applied_together_and_each_request_gets_its_own_outcome()
    {
        var batch = new ScriptedBatch { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);

        var first = writer.RunAsync(Place(Guid.NewGuid()));
        var waiting = Enumerable.Range(0, 5).Select(_ => Place(Guid.NewGuid())).ToList();
        await batch.FirstTaken.Task.WaitAsync(Patience); // held at the gate while the others queue
        var answers = waiting.Select(c => writer.RunAsync(c)).ToList();
        batch.Gate.SetResult();

        Assert.Single((await first.WaitAsync(Patience)).Events);
        for (var i = 0; i < waiting.Count; i++) Assert.Same(waiting[i], (await answers[i].WaitAsync(Patience)).Events.Single());
        Assert.Equal([1, 5], batch.Applied.Select(b => b.Count));
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_batch_hears_which_orders_their_callers_just_minted_so_it_reads_nothing_for_them()
    {
        var batch = new ScriptedBatch();
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);
        var (minted, existing) = (Guid.CreateVersion7(), Guid.NewGuid());

        await writer.RunAsync(new CreateOrder(minted, "c-1", "EUR", []), orderIsNew: true).WaitAsync(Patience);
        await writer.RunAsync(new CreateOrder(existing, "c-1", "EUR", [])).WaitAsync(Patience); // a keyed create: the order may exist

        Assert.Equal([minted], batch.NewOrders);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_orders_commands_are_applied_in_the_order_they_came_whichever_writer_takes_them()
    {
        var batch = new ScriptedBatch();
        var writer = Writer(batch, writers: 4);
        await writer.StartAsync(CancellationToken.None);
        var orders = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        var sent = Enumerable.Range(0, 200).Select(i => (OrderCommand)new AddItem(orders[i % orders.Count], new NewOrderLine($"SKU-{i}", 1, 1m))).ToList();

        await Task.WhenAll(sent.Select(c => writer.RunAsync(c))).WaitAsync(Patience);

        var applied = batch.Applied.SelectMany(b => b).ToList();
        Assert.Equal(sent.Count, applied.Count);
        foreach (var order in orders)
            Assert.Equal(sent.Where(c => c.OrderId == order), applied.Where(c => c.OrderId == order));
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_batch_that_lost_a_race_is_decided_again_and_its_requests_never_see_the_conflict()
    {
        var batch = new ScriptedBatch { Fail = (_, call) => call == 1 ? new JasperFx.ConcurrencyException("changed by the saga meanwhile") : null };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);
        var command = Place(Guid.NewGuid());

        var outcome = await writer.RunAsync(command).WaitAsync(Patience);

        Assert.Same(command, outcome.Events.Single());
        Assert.Single(batch.Applied); // the second attempt, the first one wrote nothing
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_race_lost_again_and_again_answers_the_conflict_to_its_request()
    {
        var batch = new ScriptedBatch { Fail = (_, _) => new JasperFx.ConcurrencyException("changed by the saga meanwhile") };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<JasperFx.ConcurrencyException>(() => writer.RunAsync(Place(Guid.NewGuid())).WaitAsync(Patience)); // 409
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_batch_that_fails_for_one_command_is_applied_one_by_one_and_fails_only_that_request()
    {
        var poison = Place(Guid.NewGuid());
        var batch = new ScriptedBatch
        {
            Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            Fail = (commands, _) => commands.Contains(poison) ? new InvalidOperationException("a document the database refuses") : null,
        };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);
        var holding = writer.RunAsync(Place(Guid.NewGuid()));
        await batch.FirstTaken.Task.WaitAsync(Patience);
        var before = Place(Guid.NewGuid());
        var after = Place(Guid.NewGuid());
        var answers = new[] { before, poison, after }.Select(c => writer.RunAsync(c)).ToList();
        batch.Gate.SetResult();

        await holding.WaitAsync(Patience);
        Assert.Same(before, (await answers[0].WaitAsync(Patience)).Events.Single());
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => answers[1].WaitAsync(Patience));
        Assert.Equal("a document the database refuses", failure.Message);
        Assert.Same(after, (await answers[2].WaitAsync(Patience)).Events.Single());
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_database_away_fails_every_request_of_the_batch_at_once_for_its_client_to_retry()
    {
        var batch = new ScriptedBatch
        {
            Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            Fail = (commands, _) => commands.Count > 1 ? new NpgsqlException("connection refused") : null,
        };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);
        var holding = writer.RunAsync(Place(Guid.NewGuid()));
        await batch.FirstTaken.Task.WaitAsync(Patience);
        var answers = Enumerable.Range(0, 3).Select(_ => writer.RunAsync(Place(Guid.NewGuid()))).ToList();
        batch.Gate.SetResult();

        await holding.WaitAsync(Patience);
        foreach (var answer in answers) await Assert.ThrowsAsync<NpgsqlException>(() => answer.WaitAsync(Patience)); // 503, nothing written
        Assert.Single(batch.Applied); // not tried one by one: each would wait for the same database
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_stop_finishes_the_batch_in_hand_and_fails_the_commands_still_queued_instead_of_leaving_them_waiting()
    {
        var batch = new ScriptedBatch { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = Writer(batch);
        await writer.StartAsync(CancellationToken.None);
        var taken = Place(Guid.NewGuid());
        var answer = writer.RunAsync(taken);
        await batch.FirstTaken.Task.WaitAsync(Patience);
        var queued = writer.RunAsync(Place(Guid.NewGuid()));

        var stopping = writer.StopAsync(CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => { _ = writer.RunAsync(Place(Guid.NewGuid())); }); // refused at once, not queued
        batch.Gate.SetResult(); // the batch in hand commits after the stop began
        await stopping.WaitAsync(Patience);

        Assert.Same(taken, (await answer.WaitAsync(Patience)).Events.Single()); // answered: it was committed
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));
        Assert.Single(batch.Applied);
    }

    [Theory]
    [InlineData("CommandWriters", "0", "Ordering:CommandWriters must be between 1 and 64")]
    [InlineData("CommandWriters", "65", "Ordering:CommandWriters must be between 1 and 64")]
    [InlineData("CommandBatchSize", "0", "Ordering:CommandBatchSize must be at least 1")]
    public void Settings_out_of_range_stop_the_service_at_start_up_with_what_to_fix(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Ordering:{key}"] = value }).Build();
        Assert.StartsWith(message, Assert.Throws<InvalidOperationException>(() => WriteSettings.From(configuration)).Message);
    }
}
