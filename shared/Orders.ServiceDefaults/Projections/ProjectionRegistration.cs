using Microsoft.Extensions.DependencyInjection;

namespace Orders.ServiceDefaults.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// Runs <typeparamref name="TProjection"/> behind a <see cref="BatchedProjectionListener{TProjection}"/>, seen by the
    /// readiness checks (listening, consumer lag) like the service's Wolverine listeners.
    /// </summary>
    public static IServiceCollection AddBatchedProjection<TProjection>(this IServiceCollection services) where TProjection : class, IBatchProjection
    {
        services.AddSingleton<TProjection>();
        services.AddSingleton<ProjectionDeadLetters>();
        services.AddSingleton<ReplayedDeadLetters>();
        services.AddSingleton<BatchedProjectionListener<TProjection>>();
        services.AddSingleton<IProjectionListenerStatus>(sp => sp.GetRequiredService<BatchedProjectionListener<TProjection>>());
        services.AddHostedService(sp => sp.GetRequiredService<BatchedProjectionListener<TProjection>>());
        return services;
    }
}
