using Microsoft.Extensions.Options;

namespace Ordering.Api.Orders.Writing;

public static class OrderCommandWriterRegistration
{
    /// <summary>The writers the command endpoints queue to: one instance, which the host also runs (and stops, after the web server).</summary>
    public static IServiceCollection AddOrderCommandWriter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Options.Create(WriteSettings.From(configuration))); // checked at start-up
        services.AddSingleton<IOrderCommandBatch, OrderCommandBatch>();
        services.AddSingleton<OrderCommandWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<OrderCommandWriter>());
        return services;
    }
}
