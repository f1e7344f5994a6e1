using Microsoft.Extensions.DependencyInjection;

namespace Orders.ServiceDefaults.Batching;

public static class BatchedListenerRegistration
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> behind a <see cref="BatchedListener{THandler}"/>, seen by the
    /// readiness checks (listening, consumer lag) like the service's Wolverine listeners.
    /// </summary>
    public static IServiceCollection AddBatchedListener<THandler>(this IServiceCollection services) where THandler : class, IBatchHandler
    {
        services.AddSingleton<THandler>();
        services.AddSingleton<BatchDeadLetters>();
        services.AddSingleton<ReplayedDeadLetters>();
        services.AddSingleton<BatchedListener<THandler>>();
        services.AddSingleton<IBatchedListenerStatus>(sp => sp.GetRequiredService<BatchedListener<THandler>>());
        services.AddHostedService(sp => sp.GetRequiredService<BatchedListener<THandler>>());
        return services;
    }
}
