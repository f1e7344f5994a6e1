using System.Diagnostics;
using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// Each image runs Wolverine's <c>codegen write</c> at build, with no database or broker and only the settings its
/// Dockerfile gives that one line. No Docker engine here, so the line itself is run against the service's build output
/// in an empty folder with nothing else in its environment: a setting the host demands at start (a connection string
/// added later, say) fails here instead of in the first <c>docker build</c> someone tries.
/// </summary>
public sealed class images_generate_their_code_as_their_dockerfile_says
{
    [Fact]
    public async Task every_dockerfiles_codegen_line_generates_the_handlers_with_only_the_settings_it_gives()
    {
        foreach (var dockerfile in Dockerfiles.Services())
        {
            var line = CodegenLine(dockerfile);
            var dll = Directory.GetFiles(Path.GetDirectoryName(dockerfile)!, line.Assembly, SearchOption.AllDirectories)
                .SingleOrDefault(path => path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}{BuildConfiguration}{Path.DirectorySeparatorChar}"));
            Assert.True(dll is not null, $"no {BuildConfiguration} build of {line.Assembly} (the test project references every service)");

            var output = Directory.CreateTempSubdirectory("codegen-");
            try
            {
                var (exitCode, log) = await RunAsync(dll!, output.FullName, line.Settings);
                var name = Path.GetRelativePath(Repository.Root, dockerfile);
                Assert.True(exitCode == 0, $"{name}'s codegen line exited with {exitCode}:\n{log}");
                Assert.True(File.Exists(Path.Combine(output.FullName, "Internal", "Generated", "WolverineHandlers", "GeneratedHandlerRegistry.cs")),
                    $"{name}'s codegen line wrote no handler registry:\n{log}");
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }
    }

    private sealed record Codegen(string Assembly, IReadOnlyDictionary<string, string> Settings);

    /// <summary>The <c>RUN A="x" B="y" dotnet bin/Release/net10.0/X.dll codegen write</c> line: its settings and assembly.</summary>
    private static Codegen CodegenLine(string dockerfile)
    {
        var match = Regex.Match(File.ReadAllText(dockerfile), @"(?m)^RUN\s+((?:\w+=""[^""]*""\s+)*)dotnet\s+(\S+\.dll)\s+codegen\s+write");
        Assert.True(match.Success, $"{dockerfile} has no 'RUN ... dotnet <service>.dll codegen write' line");
        var settings = Regex.Matches(match.Groups[1].Value, @"(\w+)=""([^""]*)""").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new Codegen(Path.GetFileName(match.Groups[2].Value), settings);
    }

    /// <summary>This test's own build configuration (bin/Release/... or bin/Debug/...), which built the services too.</summary>
    private static readonly string BuildConfiguration =
        Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);

    private static async Task<(int ExitCode, string Log)> RunAsync(string dll, string workingDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("codegen");
        start.ArgumentList.Add("write");
        // Nothing of this process's environment but what finds the runtime: a connection string or an environment name
        // set for the tests would hide what the image build lacks.
        var kept = new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" }.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        start.Environment.Clear();
        foreach (var (key, value) in kept.Where(k => k.Value is not null)) start.Environment[key] = value;
        foreach (var (key, value) in settings) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"codegen write of {Path.GetFileName(dll)} did not finish in 2 minutes");
        }
        var log = (await stdout + await stderr).Split('\n');
        return (process.ExitCode, string.Join('\n', log.TakeLast(15)));
    }
}
