using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// Images cannot be built on every machine that runs these tests (no Docker engine here), so what an image build needs
/// is checked from the files: a Directory.Build.props that MSBuild reads for a service but the Dockerfile does not copy
/// would build a different program in the image (another GC, other warnings) without a word.
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

    /// <summary>Directory.Build.props/.targets and Directory.Packages.props from the project's folder up to the repository root.</summary>
    private static IEnumerable<string> MsBuildFilesAbove(string project)
    {
        for (var folder = new DirectoryInfo(project); folder is not null && folder.FullName.StartsWith(Repository.Root); folder = folder.Parent)
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                if (File.Exists(Path.Combine(folder.FullName, name))) yield return Path.Combine(folder.FullName, name);
    }
}
