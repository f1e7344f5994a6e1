using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orders.ServiceDefaults.Messaging;
using Wolverine.Runtime;

namespace Orders.ServiceDefaults.Persistence;

/// <summary>
/// Gives outgoing messages this node stored but no longer tries to send back to Wolverine's recovery. make chaos found 52
/// of Payment's captures in its outbox, owned by the live node and never sent, after a broker outage and a database
/// outage together (Payment's log: the durable sender failing to retry them); the orders were meanwhile cancelled at
/// their payment deadline. Recovery sends only unowned rows, and in Solo mode releases ownership only at start-up, so
/// such rows would wait for the next restart.
/// <para>
/// A sender holds a message in memory for little more than a produce attempt (at most a minute: the producers'
/// <c>message.timeout.ms</c>) unless its destination's circuit is open (latched), when it keeps it until the broker is
/// back. So every <see cref="Interval"/>, rows of this node that have been there for <see cref="StrandedAfter"/> and are
/// addressed to a destination whose sender is not latched are released (owner 0) for recovery to send. Should a sender
/// still be holding one (a backlog behind a slow broker), the message is sent twice; consumers drop the copy (the
/// idempotency contract, docs/architecture.md §5).
/// </para>
/// <para>
/// Rows of this node are also left when a send succeeds but Wolverine's delete of the sent rows meets a database
/// outage: it tries four times within a second and then gives up. Those messages are in the log already; releasing them
/// sends them a second time, which the consumers drop (make chaos, docs/performance.md step 29).
/// </para>
/// </summary>
public sealed class StrandedOutgoingRelease(NpgsqlDataSource dataSource, ServiceIdentity service, IWolverineRuntime runtime,
    ILogger<StrandedOutgoingRelease> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Twice the longest a produce attempt lasts.</summary>
    public static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(2);

    private IReadOnlyDictionary<Guid, DateTimeOffset> _firstSeen = new Dictionary<Guid, DateTimeOffset>();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                var latched = runtime.Endpoints.ActiveSendingAgents().Where(a => a.Latched).Select(a => a.Destination.ToString()).ToHashSet();
                var (released, firstSeen) = await ReleaseAsync(dataSource, service.Schema, runtime.DurabilitySettings.AssignedNodeNumber,
                    latched, _firstSeen, DateTimeOffset.UtcNow, stopping);
                _firstSeen = firstSeen;
                if (released > 0)
                    logger.LogWarning("Released {Count} outgoing message(s) this node stored and neither sent nor deleted for {Minutes} minutes; Wolverine's recovery sends them (consumers drop a copy of one already sent)", released, StrandedAfter.TotalMinutes);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The database away, or Wolverine's tables not created yet (a first start): the next look tries again.
                // Anything else would leave stranded rows unreleased for good, so it is said with its exception.
                if (TransientFailures.IsTransient(e) || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
                    logger.LogInformation("Outbox check skipped: {Reason}", e.Message);
                else logger.LogWarning(e, "Outbox check failed; the next look in {Interval} tries again", Interval);
            }
        }
    }

    /// <summary>
    /// Releases the rows of <paramref name="node"/> first seen at least <see cref="StrandedAfter"/> before
    /// <paramref name="now"/>, except those for a <paramref name="latched"/> destination; returns how many, and when each
    /// row still owned was first seen, for the next look.
    /// </summary>
    public static async Task<(int Released, IReadOnlyDictionary<Guid, DateTimeOffset> FirstSeen)> ReleaseAsync(NpgsqlDataSource dataSource,
        string schema, int node, IReadOnlySet<string> latched, IReadOnlyDictionary<Guid, DateTimeOffset> firstSeenBefore, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var firstSeen = new Dictionary<Guid, DateTimeOffset>();
        var stranded = new List<Guid>();
        await using (var select = dataSource.CreateCommand($"select id, destination from {schema}.wolverine_outgoing_envelopes where owner_id = $1"))
        {
            select.Parameters.AddWithValue(node);
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var (id, destination) = (reader.GetGuid(0), reader.GetString(1));
                var since = firstSeenBefore.GetValueOrDefault(id, now);
                if (now - since >= StrandedAfter && !latched.Contains(destination)) stranded.Add(id);
                else firstSeen[id] = since;
            }
        }
        if (stranded.Count == 0) return (0, firstSeen);

        await using var release = dataSource.CreateCommand($"update {schema}.wolverine_outgoing_envelopes set owner_id = 0 where owner_id = $1 and id = any($2)");
        release.Parameters.AddWithValue(node);
        release.Parameters.AddWithValue(stranded.ToArray());
        return (await release.ExecuteNonQueryAsync(cancellation), firstSeen);
    }
}
