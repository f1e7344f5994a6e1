namespace Orders.Kafka.Embedded;

/// <summary>A file of environment variables for the services (one <c>KEY=VALUE</c> per line, <c>#</c> comments).</summary>
internal static class EnvFile
{
    /// <summary>Every setting the file declares; a line that is not <c>KEY=VALUE</c> is refused with its number.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var settings = new Dictionary<string, string>();
        foreach (var (line, number) in File.ReadLines(path).Select((line, i) => (line.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var equals = line.IndexOf('=');
            if (equals <= 0) throw new FormatException($"{path}:{number}: expected KEY=VALUE, found \"{line}\".");
            settings[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        return settings;
    }

    /// <summary>The file's settings that the environment does not set itself (a variable set by the caller wins).</summary>
    public static IReadOnlyDictionary<string, string> UnsetSettings(string path) =>
        Read(path).Where(setting => Environment.GetEnvironmentVariable(setting.Key) is null).ToDictionary();

    /// <summary>Settings read in turn from several files: a later one's value for a variable wins, as on <c>env</c>'s command line.</summary>
    public static IReadOnlyDictionary<string, string> Layered(params IReadOnlyDictionary<string, string>[] layers)
    {
        var settings = new Dictionary<string, string>();
        foreach (var layer in layers)
            foreach (var (key, value) in layer) settings[key] = value;
        return settings;
    }
}
