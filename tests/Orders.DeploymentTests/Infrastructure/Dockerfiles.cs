namespace Orders.DeploymentTests.Infrastructure;

public static class Dockerfiles
{
    /// <summary>One Dockerfile per service, beside its project folder (services/Ordering/Dockerfile).</summary>
    public static IReadOnlyList<string> Services()
    {
        var files = Directory.GetDirectories(Repository.PathOf("services")).Select(d => Path.Combine(d, "Dockerfile")).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), $"missing {f}"));
        return files;
    }
}
