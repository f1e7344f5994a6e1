using Npgsql;

namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// Which failures are the database being away for a moment (worth retrying in place until it is back) rather than a
/// message the code cannot handle. Marten wraps the driver's exception, and a connection killed mid-transaction
/// surfaces as the transaction already disposed, so the whole chain of inner exceptions is examined (make chaos found
/// messages dead-lettered for both while the database was merely restarting its connections).
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException p => IsTransientState(p.SqlState) || IsRefusedConnection(p),
        NpgsqlException => true, // no server answer at all: the connection broke, timed out or was refused
        ObjectDisposedException d => d.ObjectName?.StartsWith("Npgsql", StringComparison.Ordinal) == true,
        TimeoutException => true,
        _ => false,
    });

    /// <summary>
    /// Connection errors (class 08), the server shutting down or not yet accepting (57P01-57P03), resource shortages
    /// (class 53), serialization failures and deadlocks (40001, 40P01), locks not available (55P03). Anything else the
    /// server says (a constraint, a bug raising an exception) will say it again.
    /// </summary>
    public static bool IsTransientState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal) ||
        sqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01" or "55P03";

    /// <summary>
    /// "Database is not currently accepting connections" (55000, at connection start, so FATAL): the database closed
    /// to new connections for maintenance or a restore (make chaos's db-unavailable, ALLOW_CONNECTIONS false). The same
    /// code raised by a statement (an ERROR) is about an object's state and is left to fail.
    /// </summary>
    private static bool IsRefusedConnection(PostgresException exception) =>
        exception is { SqlState: "55000", InvariantSeverity: "FATAL" };

    /// <summary>
    /// An optimistic-concurrency conflict anywhere in the chain (Marten raises several at once as an aggregate): another
    /// writer changed the document first, or inserted the document this writer inserts (a payment or shipment decided by
    /// a replica that held the partition a moment earlier); reading again and retrying resolves it.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        Chain(exception).Any(e => e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}
