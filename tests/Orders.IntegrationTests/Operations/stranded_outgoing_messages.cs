using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Persistence;
using Wolverine;
using Wolverine.Marten;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// Outbox rows a node owns but its sender dropped (make chaos: 52 of Payment's captures) are handed back to Wolverine's
/// recovery once they have waited minutes; recent rows, rows for a latched sender and another node's are left alone.
/// </summary>
public sealed class stranded_outgoing_messages : IAsyncLifetime
{
    private const int ThisNode = 1, OtherNode = 7;
    private const string Schema = "svc";
    private const string Destination = "kafka://topic/payments-events";
    private PostgresServer _postgres = null!;
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync("stranded");
        _database = NpgsqlDataSource.Create(connectionString);
        await CreateWolverineTablesAsync(connectionString);
    }

    /// <summary>
    /// Wolverine's own tables, as a service's start creates them: the release's SQL runs against the real outbox table,
    /// so a column Wolverine renames or adds as required fails here, not in production.
    /// </summary>
    private static async Task CreateWolverineTablesAsync(string connectionString)
    {
        using var host = await Host.CreateDefaultBuilder()
            .UseWolverine(options =>
            {
                options.Discovery.DisableConventionalDiscovery(); // no handlers: only the message store is wanted
                options.Services.AddMarten(connectionString).IntegrateWithWolverine(integration => integration.MessageStorageSchemaName = Schema);
            })
            .StartAsync();
        await host.StopAsync();
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> NoneLatched = new HashSet<string>();

    private Task<(int Released, IReadOnlyDictionary<Guid, DateTimeOffset> FirstSeen)> LookAsync(
        IReadOnlyDictionary<Guid, DateTimeOffset> before, DateTimeOffset now, IReadOnlySet<string>? latched = null) =>
        StrandedOutgoingRelease.ReleaseAsync(_database, Schema, ThisNode, latched ?? NoneLatched, before, now, CancellationToken.None);

    [Fact]
    public async Task rows_this_node_kept_for_minutes_go_back_to_recovery_and_nothing_else_does()
    {
        var stranded = await InsertAsync(ThisNode);
        var othersRow = await InsertAsync(OtherNode);

        var first = await LookAsync(new Dictionary<Guid, DateTimeOffset>(), Start);
        var recent = await InsertAsync(ThisNode); // stored after the first look: a sender may still be sending it
        var early = await LookAsync(first.FirstSeen, Start + StrandedOutgoingRelease.StrandedAfter / 2);
        var late = await LookAsync(early.FirstSeen, Start + StrandedOutgoingRelease.StrandedAfter);

        Assert.Equal((0, 0, 1), (first.Released, early.Released, late.Released));
        Assert.Equal(0, await OwnerAsync(stranded));
        Assert.Equal(ThisNode, await OwnerAsync(recent));
        Assert.Equal(OtherNode, await OwnerAsync(othersRow));
        Assert.Equal([recent], late.FirstSeen.Keys);
    }

    [Fact]
    public async Task a_row_for_a_destination_whose_sender_is_latched_waits_for_the_sender()
    {
        var waiting = await InsertAsync(ThisNode);
        var first = await LookAsync(new Dictionary<Guid, DateTimeOffset>(), Start);

        var later = await LookAsync(first.FirstSeen, Start + StrandedOutgoingRelease.StrandedAfter * 3, new HashSet<string> { Destination });

        Assert.Equal(0, later.Released);
        Assert.Equal(ThisNode, await OwnerAsync(waiting));
    }

    [Fact]
    public async Task a_row_sent_between_two_looks_is_forgotten()
    {
        var sent = await InsertAsync(ThisNode);
        var first = await LookAsync(new Dictionary<Guid, DateTimeOffset>(), Start);
        await using (var delete = _database.CreateCommand($"delete from svc.wolverine_outgoing_envelopes where id = '{sent}'")) await delete.ExecuteNonQueryAsync();

        var later = await LookAsync(first.FirstSeen, Start + StrandedOutgoingRelease.StrandedAfter);

        Assert.Equal(0, later.Released);
        Assert.Empty(later.FirstSeen);
    }

    private async Task<Guid> InsertAsync(int owner)
    {
        var id = Guid.CreateVersion7();
        await using var insert = _database.CreateCommand(
            "insert into svc.wolverine_outgoing_envelopes (id, owner_id, destination, body, message_type, attempts) values ($1, $2, $3, $4, $5, 0)");
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(owner);
        insert.Parameters.AddWithValue(Destination);
        insert.Parameters.AddWithValue("{}"u8.ToArray());
        insert.Parameters.AddWithValue("payments.payment-captured.v1");
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<int> OwnerAsync(Guid id)
    {
        await using var select = _database.CreateCommand($"select owner_id from svc.wolverine_outgoing_envelopes where id = '{id}'");
        return (int)(await select.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
