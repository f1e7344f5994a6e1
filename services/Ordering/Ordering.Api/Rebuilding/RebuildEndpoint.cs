using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ordering.Api.Rebuilding;

public static class RebuildEndpoint
{
    /// <summary>
    /// Rebuilds a projection from offset 0 into a fresh copy, compares it with the live one and swaps it in
    /// (<c>swap=auto</c>: only when they match; <c>always</c>; <c>never</c>: compare only). Admin key required.
    /// </summary>
    [WolverinePost("/admin/projections/{projection}/rebuild"), Tags("Admin")]
    [ProducesResponseType<RebuildReport>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Post(string projection, string? swap, OrderViewRebuild rebuild, CancellationToken cancellation)
    {
        if (projection is not (OrderViewRebuild.Projection or "all"))
            return Results.Problem(statusCode: 404, title: "Unknown projection", detail: $"Projections here: {OrderViewRebuild.Projection} (or all).");
        if (!Enum.TryParse<SwapMode>(swap ?? "auto", ignoreCase: true, out var mode))
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "swap must be auto, always or never.");
        return Results.Ok(await rebuild.RunAsync(mode, cancellation));
    }
}
