using System.Reflection;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Persistence;

namespace Orders.DeploymentTests.Infrastructure;

/// <summary>
/// The configuration keys a service actually reads, collected from its code: every settings class (a type with a
/// <c>Section</c> constant) contributes <c>Section:Property</c> for each settable property, and every constant whose
/// value has the shape of a key (<c>Admin:ApiKey</c>) is one. Shared keys come from Orders.ServiceDefaults.
/// </summary>
public static class ServiceSettings
{
    public static readonly IReadOnlyDictionary<string, Assembly> Services = new Dictionary<string, Assembly>
    {
        [global::Ordering.Api.OrderingModule.ServiceName] = typeof(global::Ordering.Api.OrderingModule).Assembly,
        [global::Payment.Api.PaymentModule.ServiceName] = typeof(global::Payment.Api.PaymentModule).Assembly,
        [global::Shipping.Api.ShippingModule.ServiceName] = typeof(global::Shipping.Api.ShippingModule).Assembly,
    };

    /// <summary>
    /// Variables read by the platform, not by our code: the port ASP.NET Core listens on and the OTLP exporter's
    /// endpoint. Each is checked for its value elsewhere (port) or documented by OpenTelemetry.
    /// </summary>
    public static readonly IReadOnlySet<string> PlatformVariables = new HashSet<string> { "ASPNETCORE_HTTP_PORTS", "OTEL_EXPORTER_OTLP_ENDPOINT" };

    /// <summary>
    /// The services whose Program.cs calls <c>AddCustomerKeyStore</c> (ConnectionStrings:KeyStore), read from their source:
    /// the key is a constant of the shared library, so no service assembly names it. Payment must not be among them: it
    /// never handles personal data (docs/gdpr.md), so it must never be given the key store.
    /// </summary>
    public static readonly IReadOnlySet<string> KeyStoreReaders = Services.Keys.Where(CallsAddCustomerKeyStore).ToHashSet();

    private static bool CallsAddCustomerKeyStore(string service)
    {
        var project = $"{char.ToUpperInvariant(service[0])}{service[1..]}";
        var program = Repository.PathOf("services", project, $"{project}.Api", "Program.cs");
        return File.ReadAllText(program).Contains($".{nameof(Orders.ServiceDefaults.Privacy.PersonalDataExtensions.AddCustomerKeyStore)}(");
    }

    public static IReadOnlySet<string> KeysReadBy(string service)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            $"ConnectionStrings:{OrdersPersistenceExtensions.ConnectionStringName}",
        };
        if (KeyStoreReaders.Contains(service)) keys.Add($"ConnectionStrings:{Orders.ServiceDefaults.Privacy.PersonalDataExtensions.ConnectionStringName}");
        foreach (var assembly in new[] { typeof(ServiceDefaultsExtensions).Assembly, Services[service] })
        foreach (var type in assembly.GetTypes())
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
            if (section is not null)
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                    keys.Add($"{section}:{property.Name}");
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                if (field.GetRawConstantValue() is string value && System.Text.RegularExpressions.Regex.IsMatch(value, @"^[A-Z][A-Za-z]+(:[A-Z][A-Za-z]+)+$"))
                    keys.Add(value);
        }
        return keys;
    }

    /// <summary>Whether an environment variable name (Section__Key) reaches a setting the service reads.</summary>
    public static bool Reads(string service, string variable) =>
        PlatformVariables.Contains(variable) || KeysReadBy(service).Contains(variable.Replace("__", ":"));
}
