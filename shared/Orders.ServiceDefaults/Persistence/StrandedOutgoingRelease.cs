using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.ServiceDefaults.Messaging;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Persistence;

/// <summary>
/// Gives outgoing messages this node stored but no longer tries to send back to Wolverine's recovery. Wolverine's durable
/// sender keeps what it could not send in memory and retries it; when recording that retry fails too (the database away
/// while the broker is), it drops the messages from memory and their rows stay in the outbox owned by this node, where
/// recovery, which sends only unowned rows (and in Solo mode releases ownership only at start-up), never looks: they would
/// wait for the next restart. make chaos found 52 of Payment's captures waiting like that, the orders meanwhile cancelled
/// at their payment deadline. Every <see cref="Interval"/>, the rows of this node already there at the previous look are
/// released (owner 0) for recovery to send. A message a sender still holds (a broker away for longer than that) may then
/// be sent twice; consumers drop the copy (the idempotency contract, ARCHITECTURE §5).
/// </summary>
public sealed class StrandedOutgoingRelease(NpgsqlDataSource dataSource, ServiceIdentity service, IWolverineRuntime runtime,
    ILogger<StrandedOutgoingRelease> logger) : BackgroundService
{
    /// <summary>Far longer than a message waits in the outbox while the broker answers (well under a second here).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private IReadOnlySet<Guid> _seen = new HashSet<Guid>();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                var (released, seen) = await ReleaseAsync(dataSource, service.Schema, runtime.DurabilitySettings.AssignedNodeNumber, _seen, stopping);
                _seen = seen;
                if (released > 0)
                    logger.LogWarning("Released {Count} outgoing message(s) this node stored but stopped sending; Wolverine's recovery sends them", released);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested && TransientFailures.IsTransient(e))
            {
                logger.LogInformation("Outbox check skipped, the database is away: {Reason}", e.Message);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Wolverine has not created its tables yet.
            }
        }
    }

    /// <summary>
    /// Releases the rows of <paramref name="node"/> that were already there at the previous look (<paramref name="seenBefore"/>);
    /// returns how many, and the rows seen now, for the next look.
    /// </summary>
    public static async Task<(int Released, IReadOnlySet<Guid> Seen)> ReleaseAsync(NpgsqlDataSource dataSource, string schema, int node,
        IReadOnlySet<Guid> seenBefore, CancellationToken cancellation)
    {
        var owned = new HashSet<Guid>();
        await using (var select = dataSource.CreateCommand($"select id from {schema}.wolverine_outgoing_envelopes where owner_id = $1"))
        {
            select.Parameters.AddWithValue(node);
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) owned.Add(reader.GetGuid(0));
        }
        var stranded = owned.Where(seenBefore.Contains).ToArray();
        if (stranded.Length == 0) return (0, owned);

        await using var release = dataSource.CreateCommand($"update {schema}.wolverine_outgoing_envelopes set owner_id = 0 where owner_id = $1 and id = any($2)");
        release.Parameters.AddWithValue(node);
        release.Parameters.AddWithValue(stranded);
        var released = await release.ExecuteNonQueryAsync(cancellation);
        return (released, owned.Except(stranded).ToHashSet());
    }
}
