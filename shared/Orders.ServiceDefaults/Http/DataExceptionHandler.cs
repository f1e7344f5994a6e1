using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Orders.ServiceDefaults.Messaging;

namespace Orders.ServiceDefaults.Http;

/// <summary>
/// Database failures that the caller can act on, answered as problems instead of a 500. In both cases the command's
/// transaction did not commit, so nothing was written and nothing was published:
/// a lost optimistic-concurrency race (or duplicate insert; Marten raises several at once as an aggregate) is a 409,
/// read again and retry; an unreachable database or a killed connection is a 503 with Retry-After, retry the same
/// request (with its Idempotency-Key when creating). Anything else the database refuses will refuse again: a 500, not
/// an invitation to retry for ever (input the validation should have caught, or a bug).
/// </summary>
public sealed class DataExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem is null) return false;

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>The problem a failure is answered with, or null for one the caller cannot act on (a 500).</summary>
    public static ProblemDetails? Classify(Exception exception) =>
        TransientFailures.IsConflict(exception) ? new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Concurrent change",
            Detail = "Another request changed this resource at the same time; nothing was written. Read it again and retry.",
        }
        : TransientFailures.IsTransient(exception) ? new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Database unavailable",
            Detail = "The database did not complete the request; nothing was written. Retry shortly.",
        }
        : null;
}
