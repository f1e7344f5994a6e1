namespace Orders.Kafka.Embedded;

/// <summary>
/// The .NET runtime settings a service process starts with: those every service shares, kept in
/// <c>services/runtime.env</c>, then the service's own, kept in <c>services/&lt;Service&gt;/runtime.env</c> (its young
/// generation, sized for what it allocates), which win over the shared ones. The services' images set the same
/// variables, and <c>make run</c>, <c>make bench</c> and <c>make chaos</c> start each service with them so that it runs
/// as it would in its container.
/// </summary>
public static class ServiceRuntimeProfile
{
    /// <summary>The settings every service shares.</summary>
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "services", "runtime.env");

    /// <summary>One service's own settings (<paramref name="project"/> is its folder: Ordering, Payment, Shipping); the file may be absent.</summary>
    public static string PathIn(string repositoryRoot, string project) => Path.Combine(repositoryRoot, "services", project, "runtime.env");

    /// <summary>Every setting the two files declare for the service, whatever the environment: what its image must set too.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredSettings(string repositoryRoot, string project) =>
        ForService(repositoryRoot, project, EnvFile.Read);

    /// <summary>The two files' settings for the service that the environment does not set itself (a variable set by the caller wins).</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings(string repositoryRoot, string project) =>
        ForService(repositoryRoot, project, EnvFile.UnsetSettings);

    /// <summary>The shared file's settings, then the service's own (absent: none), each read by <paramref name="read"/>.</summary>
    private static IReadOnlyDictionary<string, string> ForService(string repositoryRoot, string project, Func<string, IReadOnlyDictionary<string, string>> read)
    {
        var own = PathIn(repositoryRoot, project);
        return EnvFile.Layered(read(PathIn(repositoryRoot)), File.Exists(own) ? read(own) : new Dictionary<string, string>());
    }
}
