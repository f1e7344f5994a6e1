using System.Diagnostics;
using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;
using Orders.Kafka.Embedded;

namespace Orders.DeploymentTests;

/// <summary>
/// <c>make run</c> reads services/runtime.env and infra/embedded-kafka.env in bash (infra/run.sh's read_profile); the bench
/// and the chaos runner read them in C# (EnvFile). A service measured by the bench must get the settings it gets from
/// <c>make run</c>: the same variables, the same values, the same rule for a variable the caller already set.
/// </summary>
public sealed class make_run_reads_the_profiles_as_the_bench_does : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("orders-profile-").FullName;

    [Theory]
    [InlineData("Ordering")]
    [InlineData("Payment")]
    [InlineData("Shipping")]
    public void the_runtime_profiles_give_the_same_settings(string project) =>
        Assert.Equal(Lines(ServiceRuntimeProfile.ServiceSettings(Repository.Root, project)),
            ReadProfile(ServiceRuntimeProfile.PathIn(Repository.Root), ServiceRuntimeProfile.PathIn(Repository.Root, project)));

    [Fact]
    public void a_service_setting_wins_over_the_shared_one_and_its_file_may_be_absent()
    {
        Profile("ORDERS_TEST_SHARED=1", "ORDERS_TEST_GEN0=0x8000000");
        File.WriteAllLines(OwnProfile("Light"), ["ORDERS_TEST_GEN0=0x2000000"]);
        Assert.Equal(["ORDERS_TEST_GEN0=0x2000000", "ORDERS_TEST_SHARED=1"], Lines(ServiceRuntimeProfile.ServiceSettings(root, "Light")));
        Assert.Equal(["ORDERS_TEST_GEN0=0x2000000", "ORDERS_TEST_SHARED=1"], ReadProfile(ServiceRuntimeProfile.PathIn(root), OwnProfile("Light")));
        Assert.Equal(["ORDERS_TEST_GEN0=0x8000000", "ORDERS_TEST_SHARED=1"], Lines(ServiceRuntimeProfile.ServiceSettings(root, "Plain")));
    }

    [Fact]
    public void the_embedded_broker_profile_gives_the_same_settings() =>
        Assert.Equal(Lines(EmbeddedKafkaProfile.ServiceSettings(Repository.Root)), ReadProfile(EmbeddedKafkaProfile.PathIn(Repository.Root)));

    [Fact]
    public void spaces_around_a_setting_and_an_empty_value_read_alike()
    {
        var profile = Profile("# a comment", "", "  ORDERS_TEST_SPACED = 1 ", "ORDERS_TEST_WORDS=two words", "ORDERS_TEST_EMPTY=");
        Assert.Equal(["ORDERS_TEST_EMPTY=", "ORDERS_TEST_SPACED=1", "ORDERS_TEST_WORDS=two words"], ReadProfile(profile));
        Assert.Equal(ReadProfile(profile), Lines(ServiceRuntimeProfile.ServiceSettings(root, "Plain")));
    }

    [Fact]
    public void a_variable_the_caller_set_wins_even_when_set_to_nothing()
    {
        var profile = Profile("ORDERS_TEST_KEPT=1", "ORDERS_TEST_OVERRIDDEN=2");
        Environment.SetEnvironmentVariable("ORDERS_TEST_OVERRIDDEN", ""); // this test's own variable: no other test reads it
        try
        {
            Assert.Equal(["ORDERS_TEST_KEPT=1"], ReadProfile(profile));
            Assert.Equal(["ORDERS_TEST_KEPT=1"], Lines(ServiceRuntimeProfile.ServiceSettings(root, "Plain")));
        }
        finally { Environment.SetEnvironmentVariable("ORDERS_TEST_OVERRIDDEN", null); }
    }

    [Fact]
    public void a_line_that_is_not_a_setting_stops_make_run_with_its_number()
    {
        var profile = Profile("# settings", "NOT A SETTING");
        var (exitCode, _, error) = RunReadProfile(profile);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{profile}:2: expected KEY=VALUE", error);
        Assert.Throws<FormatException>(() => ServiceRuntimeProfile.ServiceSettings(root, "Plain"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A runtime profile in a scratch repository root, so that the C# reader reads the same file.</summary>
    private string Profile(params string[] lines)
    {
        var path = ServiceRuntimeProfile.PathIn(root);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A service's own runtime profile in the scratch repository root.</summary>
    private string OwnProfile(string project)
    {
        var path = ServiceRuntimeProfile.PathIn(root, project);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static List<string> Lines(IReadOnlyDictionary<string, string> settings) =>
        settings.Select(s => $"{s.Key}={s.Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What make run gives a service from these files, read in turn: a later file's setting wins, as the later of two
    /// assignments of one variable does on <c>env</c>'s command line (infra/run.sh puts the service's own last).
    /// </summary>
    private static List<string> ReadProfile(params string[] paths)
    {
        var (exitCode, output, error) = RunReadProfile(paths);
        Assert.True(exitCode == 0, $"read_profile {string.Join(", ", paths)} failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).GroupBy(setting => setting[0]).Select(values => $"{values.Key}={values.Last()[1]}")
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>infra/run.sh's read_profile function (with the trim it calls) on its own, in the test's environment, once per existing file.</summary>
    private static (int ExitCode, string Output, string Error) RunReadProfile(params string[] paths)
    {
        var function = Regex.Match(File.ReadAllText(Repository.PathOf("infra", "run.sh")), @"(?ms)^trim\(\) \{.*?^read_profile\(\) \{.*?^\}").Value;
        Assert.NotEmpty(function);
        var script = $"set -euo pipefail\nprofile=()\n{function}\nfor path; do [[ -f \"$path\" ]] && read_profile \"$path\"; done\nif (( ${{#profile[@]}} )); then printf '%s\\n' \"${{profile[@]}}\"; fi";
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script, "read_profile", .. paths])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, output.Result, error);
    }
}
