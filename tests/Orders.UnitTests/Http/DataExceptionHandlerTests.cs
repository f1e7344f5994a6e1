using Npgsql;
using Orders.ServiceDefaults.Http;

namespace Orders.UnitTests.Http;

/// <summary>A 503 tells the client to retry: only for a database that is away, never for one that refuses the request.</summary>
public class DataExceptionHandlerTests
{
    private sealed class WrappedException(Exception inner) : Exception("Marten Command Failure", inner);

    [Fact]
    public void Given_a_value_the_database_refuses_When_classified_Then_no_problem_the_caller_could_retry()
    {
        // 22P05: U+0000 in jsonb. It would be refused on every retry: a 500, not a 503 with Retry-After.
        var refused = new WrappedException(new PostgresException("unsupported Unicode escape sequence", "ERROR", "ERROR", "22P05"));
        Assert.Null(DataExceptionHandler.Classify(refused));
    }

    [Fact]
    public void Given_the_database_going_away_When_classified_Then_503()
    {
        Assert.Equal(503, DataExceptionHandler.Classify(new WrappedException(new PostgresException("terminating", "FATAL", "FATAL", "57P01")))!.Status);
        Assert.Equal(503, DataExceptionHandler.Classify(new NpgsqlException("Exception while reading from stream", new IOException("broken pipe")))!.Status);
    }

    [Fact]
    public void Given_conflicts_raised_together_When_classified_Then_409()
    {
        var conflicts = new AggregateException(new JasperFx.ConcurrencyException(typeof(object), 1), new JasperFx.ConcurrencyException(typeof(object), 2));
        Assert.Equal(409, DataExceptionHandler.Classify(new WrappedException(conflicts))!.Status);
    }

    [Fact]
    public void Given_a_bug_When_classified_Then_no_problem() => Assert.Null(DataExceptionHandler.Classify(new InvalidOperationException("a bug")));
}
