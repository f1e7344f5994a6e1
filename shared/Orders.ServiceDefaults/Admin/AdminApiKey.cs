using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.ServiceDefaults.Admin;

/// <summary>
/// Admin operations (dead letters, rebuilds: anything that changes state outside the order flow) need the key from
/// <c>Admin:ApiKey</c> in the <c>X-Api-Key</c> header. With no key configured they are disabled, never open.
/// </summary>
public static class AdminApiKey
{
    public const string Setting = "Admin:ApiKey";
    public const string Header = "X-Api-Key";

    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var configured = http.RequestServices.GetRequiredService<IConfiguration>()[Setting];
            if (string.IsNullOrEmpty(configured))
                return Results.Problem(statusCode: 403, title: "Admin operations are disabled",
                    detail: $"Set {Setting} (environment: Admin__ApiKey) to enable them.");

            var given = http.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured)))
                return Results.Problem(statusCode: 401, title: "Admin key required", detail: $"Send the admin key in the {Header} header.");

            return await next(context);
        });
}
