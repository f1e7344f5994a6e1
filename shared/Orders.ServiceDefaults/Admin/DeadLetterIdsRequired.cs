using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Orders.ServiceDefaults.Admin;

/// <summary>
/// Wolverine's replay and discard of dead letters take <c>{ "ids": [...] }</c> and, given no id, act on every dead
/// letter: an empty list adds no filter to their statement. An operator who sends none has made a mistake (a script's
/// empty selection, a misspelt property), never asked for "all", so such a request is refused before it reaches them.
/// </summary>
public static class DeadLetterIdsRequired
{
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<DeadLetterEnvelopeIdsRequest>().FirstOrDefault();
        if (request is not null && (request.Ids is null || request.Ids.Length == 0))
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: 400, title: "No dead letters named",
                detail: "Name the dead letters to replay or discard: { \"ids\": [\"...\"] } (list them with POST /admin/dead-letters). " +
                        "An empty list would act on every dead letter."));
        return next(context);
    }
}
