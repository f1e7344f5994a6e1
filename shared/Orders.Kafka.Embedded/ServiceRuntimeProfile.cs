namespace Orders.Kafka.Embedded;

/// <summary>
/// The .NET runtime settings every service process starts with, kept in <c>services/runtime.env</c>: the services'
/// images set the same variables, and <c>make run</c>, <c>make bench</c> and <c>make chaos</c> start the services with
/// this file's settings so that they run as they would in a container.
/// </summary>
public static class ServiceRuntimeProfile
{
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "services", "runtime.env");

    /// <summary>Every setting the file declares, whatever the environment: what the images must set too.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredSettings(string repositoryRoot) => EnvFile.Read(PathIn(repositoryRoot));

    /// <summary>The file's settings that the environment does not set itself (a variable set by the caller wins).</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings(string repositoryRoot) => EnvFile.UnsetSettings(PathIn(repositoryRoot));
}
