namespace Orders.Kafka.Embedded;

/// <summary>
/// The services' settings for running on the embedded broker, kept in <c>infra/embedded-kafka.env</c> (one
/// <c>KEY=VALUE</c> per line, <c>#</c> comments), which says why each is there. Read by <c>make run</c>, <c>make bench</c>
/// and <c>make chaos</c> alike, after <see cref="ServiceRuntimeProfile"/> (<see cref="LocalRunSettings"/>).
/// </summary>
public static class EmbeddedKafkaProfile
{
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "infra", "embedded-kafka.env");

    /// <summary>The file's settings that the environment does not set itself (a variable set by the caller wins).</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings(string repositoryRoot) => EnvFile.UnsetSettings(PathIn(repositoryRoot));

    /// <summary>
    /// What a local run on the embedded broker gives a service (make run, make bench, make chaos): the runtime settings
    /// of its image (<see cref="ServiceRuntimeProfile"/>; <paramref name="project"/> is its folder: Ordering, Payment,
    /// Shipping), then this file's; the caller's environment wins.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LocalRunSettings(string repositoryRoot, string project) =>
        EnvFile.Layered(ServiceRuntimeProfile.ServiceSettings(repositoryRoot, project), ServiceSettings(repositoryRoot));
}
