using System.Globalization;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.Bench.Monitoring;

/// <summary>Reading a service's Prometheus text exposition: its sample lines, their labels and values.</summary>
public static class PrometheusText
{
    /// <summary>A service's exposition now; null when its endpoint does not answer in time.</summary>
    public static async Task<string?> ScrapeAsync(HttpClient http, string serviceUrl)
    {
        try
        {
            return await http.GetStringAsync(serviceUrl + PrometheusEndpoint.Path);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // the service is left out of the phase's tables (the console says so); the phase's other figures stand
        }
    }

    /// <summary>The exposition's sample lines (comments and blank lines left out).</summary>
    public static IEnumerable<string> Samples(string exposition) =>
        exposition.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    /// <summary>Whether a sample line is of the metric <paramref name="name"/> (with or without labels).</summary>
    public static bool IsSample(string line, string name) =>
        line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal);

    // A sample line: name{label="value",...} value [timestamp]
    public static double? Value(string line)
    {
        var afterLabels = line.LastIndexOf('}') is var brace and >= 0 ? line[(brace + 1)..] : line[(line.IndexOf(' ') + 1)..];
        var token = afterLabels.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static string? Label(string line, string name)
    {
        var start = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += name.Length + 2;
        var end = line.IndexOf('"', start);
        return end < 0 ? null : line[start..end];
    }
}
