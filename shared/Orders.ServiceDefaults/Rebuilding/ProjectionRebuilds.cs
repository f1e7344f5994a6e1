using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orders.ServiceDefaults.Admin;

namespace Orders.ServiceDefaults.Rebuilding;

public static class ProjectionRebuilds
{
    /// <summary>
    /// Makes a service's state documents rebuildable from its topics, with the fold that also restores them
    /// (<see cref="StateRebuild{TDocument}"/>): <paramref name="configureDocuments"/> is the service's document mapping (the
    /// copy gets the same columns), <paramref name="maskErased"/> its erasure's masking when the documents hold personal data.
    /// </summary>
    public static IServiceCollection AddStateRebuild<TDocument>(this IServiceCollection services, string name, StateFold<TDocument> fold,
        Action<StoreOptions> configureDocuments, MaskErasedCustomer? maskErased = null) where TDocument : notnull =>
        services.AddSingleton<IProjectionRebuild>(provider => ActivatorUtilities.CreateInstance<StateRebuild<TDocument>>(provider,
            maskErased is null ? [name, fold, configureDocuments] : [name, fold, configureDocuments, maskErased]));

    /// <summary>
    /// <c>POST /admin/projections/{name}/rebuild?swap=auto|always|never</c>: one projection (its report), or <c>all</c> of
    /// the service's projections one after the other (a list of reports). Behind the admin key like every <c>/admin</c> route.
    /// </summary>
    public static void MapProjectionRebuilds(this IEndpointRouteBuilder app) =>
        app.MapPost($"{AdminApiKey.PathPrefix}/projections/{{projection}}/rebuild", async (string projection, string? swap, IEnumerable<IProjectionRebuild> rebuilds,
                NpgsqlDataSource database, ServiceIdentity service, CancellationToken cancellation) =>
            {
                var known = rebuilds.ToList();
                var chosen = projection == "all" ? known : known.Where(r => r.Name == projection).ToList();
                if (chosen.Count == 0)
                    return Results.Problem(statusCode: 404, title: "Unknown projection", detail: $"Projections here: {string.Join(", ", known.Select(r => r.Name))} (or all).");
                if (!Enum.TryParse<SwapMode>(swap ?? "auto", ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
                    return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "swap must be auto, always or never.");

                await using var exclusive = await RebuildLock.TryTakeAsync(database, service.Name, cancellation);
                if (exclusive is null)
                    return Results.Problem(statusCode: 409, title: "A rebuild is running", detail: $"Another rebuild of {service.Name}'s projections is in progress (on this or another replica); ask again when it has answered.");
                var reports = new List<RebuildReport>();
                foreach (var rebuild in chosen) reports.Add(await rebuild.RunAsync(mode, cancellation));
                return projection == "all" ? Results.Ok(reports) : Results.Ok(reports.Single());
            })
            .WithTags("Admin")
            .Produces<RebuildReport>()
            .ProducesProblem(400)
            .ProducesProblem(404)
            .ProducesProblem(409);
}
