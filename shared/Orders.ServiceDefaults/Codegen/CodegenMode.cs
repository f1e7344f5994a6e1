using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orders.ServiceDefaults.Codegen;

/// <summary>
/// How Wolverine and Marten get their generated handler and storage code: <c>Codegen:Mode</c> = <c>Dynamic</c>
/// (compile at start, the default), <c>Auto</c> (load pre-built types, compile and write what is missing) or
/// <c>Static</c> (load pre-built types only). Container images run <c>codegen write</c> at build time and start in
/// <c>Static</c>: no Roslyn compilation at start (seconds of CPU per replica) and nothing written to the file system,
/// so the root file system can be read-only.
/// </summary>
public static class CodegenMode
{
    public const string Setting = "Codegen:Mode";

    public static IHostApplicationBuilder AddOrdersCodegenMode(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[Setting] is not { Length: > 0 } configured) return builder;
        if (!Enum.TryParse<TypeLoadMode>(configured, ignoreCase: true, out var mode))
            throw new InvalidOperationException($"{Setting} is '{configured}'; expected one of {string.Join(", ", Enum.GetNames<TypeLoadMode>())}.");

        // Both profiles: the mode is chosen per deployment, not per ASPNETCORE_ENVIRONMENT.
        builder.Services.CritterStackDefaults(defaults =>
        {
            defaults.Production.GeneratedCodeMode = mode;
            defaults.Development.GeneratedCodeMode = mode;
        });
        return builder;
    }
}
