namespace Orders.Kafka.Embedded;

/// <summary>
/// The services' settings for running on the embedded broker, kept in <c>infra/embedded-kafka.env</c> (one
/// <c>KEY=VALUE</c> per line, <c>#</c> comments), which says why each is there. Read by <c>make run</c>, <c>make bench</c>
/// and <c>make chaos</c> alike.
/// </summary>
public static class EmbeddedKafkaProfile
{
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "infra", "embedded-kafka.env");

    /// <summary>The file's settings that the environment does not set itself (a variable set by the caller wins).</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings(string repositoryRoot)
    {
        var path = PathIn(repositoryRoot);
        var settings = new Dictionary<string, string>();
        foreach (var (line, number) in File.ReadLines(path).Select((line, i) => (line.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var equals = line.IndexOf('=');
            if (equals <= 0) throw new FormatException($"{path}:{number}: expected KEY=VALUE, found \"{line}\".");
            var key = line[..equals].Trim();
            if (Environment.GetEnvironmentVariable(key) is null) settings[key] = line[(equals + 1)..].Trim();
        }
        return settings;
    }
}
