using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.ServiceDefaults.Admin;

/// <summary>
/// Admin operations (dead letters, rebuilds: anything that changes state outside the order flow) live under
/// <c>/admin</c> and need the key from <c>Admin:ApiKey</c> in the <c>X-Api-Key</c> header. With no key configured
/// they are disabled, never open. A middleware rather than per-endpoint filters, so no admin route can forget it.
/// </summary>
public static class AdminApiKey
{
    public const string Setting = "Admin:ApiKey";
    public const string Header = "X-Api-Key";
    public const string PathPrefix = "/admin";

    public static IApplicationBuilder UseAdminApiKey(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix) || IsPersonalData(context.Request.Path), admin => admin.Use(async (context, next) =>
        {
            var configured = context.RequestServices.GetRequiredService<IConfiguration>()[Setting];
            if (string.IsNullOrEmpty(configured))
            {
                await Reject(context, 403, "Admin operations are disabled", $"Set {Setting} (environment: Admin__ApiKey) to enable them.");
                return;
            }
            var given = context.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured)))
            {
                await Reject(context, 401, "Admin key required", $"Send the admin key in the {Header} header.");
                return;
            }
            await next(context);
        }));

    /// <summary><c>/customers/{id}/personal-data</c> (export, erasure): as sensitive as any admin operation.</summary>
    private static bool IsPersonalData(PathString path) =>
        path.StartsWithSegments("/customers") && path.Value!.TrimEnd('/').EndsWith("/personal-data", StringComparison.OrdinalIgnoreCase);

    private static Task Reject(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
