using Npgsql;
using Orders.ServiceDefaults.Messaging;

namespace Orders.UnitTests.Messaging;

/// <summary>What make chaos saw dead-lettered while the database was only dropping connections, and what must still fail fast.</summary>
public class TransientFailuresTests
{
    private static PostgresException Server(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    /// <summary>Marten's way of reporting a driver failure: its own exception around the driver's.</summary>
    private sealed class WrappedException(Exception inner) : Exception("Marten Command Failure", inner);

    [Theory]
    [InlineData("57P01")] // terminating connection due to administrator command (pg_terminate_backend)
    [InlineData("57P03")] // the database system is starting up / not accepting connections
    [InlineData("08006")] // connection failure
    [InlineData("53300")] // too many connections
    [InlineData("40001")] // serialization failure
    public void Given_a_server_error_of_a_passing_kind_When_classified_Then_transient_even_when_wrapped(string sqlState)
    {
        Assert.True(TransientFailures.IsTransient(Server(sqlState)));
        Assert.True(TransientFailures.IsTransient(new WrappedException(Server(sqlState))));
    }

    [Fact]
    public void Given_a_database_closed_to_new_connections_When_classified_Then_transient_but_the_same_code_from_a_statement_is_not()
    {
        Assert.True(TransientFailures.IsTransient(new WrappedException(Server("55000")))); // FATAL: the connection was refused
        Assert.False(TransientFailures.IsTransient(new WrappedException(new PostgresException("message", "ERROR", "ERROR", "55000"))));
    }

    [Theory]
    [InlineData("P0001")] // a trigger or function raising: the same message fails the same way again
    [InlineData("23505")] // unique violation
    [InlineData("42P01")] // undefined table
    public void Given_a_server_error_that_will_repeat_When_classified_Then_not_transient(string sqlState) =>
        Assert.False(TransientFailures.IsTransient(new WrappedException(Server(sqlState))));

    [Fact]
    public void Given_a_connection_lost_without_a_server_answer_When_classified_Then_transient() =>
        Assert.True(TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new IOException("broken pipe"))));

    [Fact]
    public void Given_a_transaction_disposed_by_a_killed_connection_When_classified_Then_transient() =>
        Assert.True(TransientFailures.IsTransient(new ObjectDisposedException("NpgsqlTransaction")));

    [Fact]
    public void Given_a_failure_of_the_code_When_classified_Then_not_transient()
    {
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(TransientFailures.IsTransient(new ObjectDisposedException("SomethingElse")));
    }

    [Fact]
    public void Given_optimistic_concurrency_conflicts_raised_together_When_classified_Then_a_conflict_but_not_the_database_being_away()
    {
        var conflicts = new AggregateException(new JasperFx.ConcurrencyException(typeof(object), 1), new JasperFx.ConcurrencyException(typeof(object), 2));

        Assert.True(TransientFailures.IsConflict(conflicts));
        Assert.True(TransientFailures.IsConflict(new WrappedException(new JasperFx.ConcurrencyException("changed meanwhile"))));
        Assert.False(TransientFailures.IsTransient(conflicts));
        Assert.False(TransientFailures.IsConflict(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void Given_an_insert_of_a_document_another_writer_inserted_first_When_classified_Then_a_conflict()
    {
        var inserted = new JasperFx.DocumentAlreadyExistsException(new InvalidOperationException("23505"), typeof(object), Guid.NewGuid());
        Assert.True(TransientFailures.IsConflict(new AggregateException(inserted)));
        Assert.False(TransientFailures.IsTransient(inserted));
    }
}
