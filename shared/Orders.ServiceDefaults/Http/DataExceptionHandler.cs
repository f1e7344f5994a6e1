using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Orders.ServiceDefaults.Http;

/// <summary>
/// Database failures that the caller can act on, answered as problems instead of a 500. In both cases the command's
/// transaction did not commit, so nothing was written and nothing was published:
/// a lost optimistic-concurrency race (or duplicate insert) is a 409, read again and retry;
/// an unreachable database or a killed connection is a 503 with Retry-After, retry the same request (with its
/// Idempotency-Key when creating).
/// </summary>
internal sealed class DataExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ConcurrencyException or DocumentAlreadyExistsException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Concurrent change",
                Detail = "Another request changed this resource at the same time; nothing was written. Read it again and retry.",
            },
            _ when Find<NpgsqlException>(exception) is not null => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The database did not complete the request; nothing was written. Retry shortly.",
            },
            _ => null,
        };
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is T found) return found;
        return null;
    }
}
