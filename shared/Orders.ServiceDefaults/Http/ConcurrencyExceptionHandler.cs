using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Orders.ServiceDefaults.Http;

/// <summary>
/// A command that lost an optimistic-concurrency race (or a duplicate insert) wrote nothing: tell the caller
/// with a 409 problem, so it can re-read and retry, instead of a 500.
/// </summary>
internal sealed class ConcurrencyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (ConcurrencyException or DocumentAlreadyExistsException)) return false;

        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Concurrent change",
                Detail = "Another request changed this resource at the same time; nothing was written. Read it again and retry.",
            },
        });
    }
}
