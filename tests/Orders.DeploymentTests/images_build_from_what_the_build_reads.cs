using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;
using Orders.Kafka.Embedded;

namespace Orders.DeploymentTests;

/// <summary>
/// Images cannot be built on every machine that runs these tests (no Docker engine here), so what an image build needs
/// is checked from the files: a Directory.Build.props that MSBuild reads for a service but the Dockerfile does not copy
/// would build a different program in the image (another GC, other warnings) without a word, and an image that missed a
/// setting of services/runtime.env or of the service's own would run it tuned otherwise than make run, make bench and
/// make chaos run it.
/// </summary>
public sealed class images_build_from_what_the_build_reads
{
    [Fact]
    public void every_msbuild_file_above_a_service_project_is_copied_into_its_image()
    {
        foreach (var dockerfile in Dockerfiles.Services())
        {
            var copied = Regex.Matches(File.ReadAllText(dockerfile), @"(?m)^COPY\s+(?!--from)(.+?)\s+\S+\s*$")
                .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            var project = Directory.GetDirectories(Path.GetDirectoryName(dockerfile)!, "*.Api").Single();
            foreach (var msbuildFile in MsBuildFilesAbove(project))
            {
                var relative = Path.GetRelativePath(Repository.Root, msbuildFile).Replace('\\', '/');
                Assert.True(copied.Any(source => relative == source || (source.EndsWith('/') && relative.StartsWith(source))),
                    $"{Path.GetRelativePath(Repository.Root, dockerfile)} does not copy {relative}, which MSBuild reads for {Path.GetFileName(project)}");
            }
        }
    }

    [Fact]
    public void every_image_runs_with_the_services_runtime_settings()
    {
        // services/runtime.env and the service's own are what make run, make bench and make chaos start it with: an
        // image without one of their settings would run a differently tuned program from the one measured
        // (docs/performance.md).
        foreach (var dockerfile in Dockerfiles.Services())
        {
            var project = Path.GetFileName(Path.GetDirectoryName(dockerfile))!;
            var settings = ServiceRuntimeProfile.DeclaredSettings(Repository.Root, project).Select(s => $"{s.Key}={s.Value}").ToList();
            Assert.NotEmpty(settings);
            var runtimeStage = File.ReadAllText(dockerfile).Replace("\\\n", " ").Split("\nFROM ")[^1];
            var set = Regex.Matches(runtimeStage, @"(?m)^ENV\s+(.+)$")
                .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
            foreach (var setting in settings)
                Assert.True(set.Contains(setting), $"{Path.GetRelativePath(Repository.Root, dockerfile)} does not set {setting} (services/runtime.env, services/{project}/runtime.env)");
        }
    }

    /// <summary>Directory.Build.props/.targets and Directory.Packages.props from the project's folder up to the repository root.</summary>
    private static IEnumerable<string> MsBuildFilesAbove(string project)
    {
        for (var folder = new DirectoryInfo(project); folder is not null && folder.FullName.StartsWith(Repository.Root); folder = folder.Parent)
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                if (File.Exists(Path.Combine(folder.FullName, name))) yield return Path.Combine(folder.FullName, name);
    }
}
