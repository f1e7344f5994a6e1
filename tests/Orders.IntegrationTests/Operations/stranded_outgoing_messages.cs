using Npgsql;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Persistence;

namespace Orders.IntegrationTests.Operations;

/// <summary>
/// Outbox rows a node owns but its sender dropped (make chaos: 52 of Payment's captures) are handed back to Wolverine's
/// recovery once they have outlived one check; rows a sender is still working on, or another node's, are left alone.
/// </summary>
public sealed class stranded_outgoing_messages : IAsyncLifetime
{
    private const int ThisNode = 1, OtherNode = 7;
    private PostgresServer _postgres = null!;
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _database = NpgsqlDataSource.Create(await _postgres.CreateDatabaseAsync("stranded"));
        // The columns of Wolverine's outbox table that the release reads and writes.
        await using var create = _database.CreateCommand(
            "create schema svc; create table svc.wolverine_outgoing_envelopes (id uuid primary key, owner_id int not null, destination varchar, body bytea)");
        await create.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task rows_this_node_kept_past_one_check_go_back_to_recovery_and_nothing_else_does()
    {
        var stranded = await InsertAsync(ThisNode);
        var othersRow = await InsertAsync(OtherNode);

        var first = await StrandedOutgoingRelease.ReleaseAsync(_database, "svc", ThisNode, new HashSet<Guid>(), CancellationToken.None);
        var inFlight = await InsertAsync(ThisNode); // stored after the first look: a sender may still be sending it
        var second = await StrandedOutgoingRelease.ReleaseAsync(_database, "svc", ThisNode, first.Seen, CancellationToken.None);

        Assert.Equal(0, first.Released);
        Assert.Equal(1, second.Released);
        Assert.Equal(0, await OwnerAsync(stranded));
        Assert.Equal(ThisNode, await OwnerAsync(inFlight));
        Assert.Equal(OtherNode, await OwnerAsync(othersRow));
        Assert.Equal([inFlight], second.Seen);
    }

    [Fact]
    public async Task a_row_sent_between_two_checks_is_not_released()
    {
        var sent = await InsertAsync(ThisNode);
        var first = await StrandedOutgoingRelease.ReleaseAsync(_database, "svc", ThisNode, new HashSet<Guid>(), CancellationToken.None);
        await using (var delete = _database.CreateCommand($"delete from svc.wolverine_outgoing_envelopes where id = '{sent}'")) await delete.ExecuteNonQueryAsync();

        var second = await StrandedOutgoingRelease.ReleaseAsync(_database, "svc", ThisNode, first.Seen, CancellationToken.None);

        Assert.Equal(0, second.Released);
        Assert.Empty(second.Seen);
    }

    private async Task<Guid> InsertAsync(int owner)
    {
        var id = Guid.CreateVersion7();
        await using var insert = _database.CreateCommand("insert into svc.wolverine_outgoing_envelopes (id, owner_id, destination) values ($1, $2, 'kafka://topic/payments-events')");
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(owner);
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
