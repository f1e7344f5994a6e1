namespace Orders.DeploymentTests.Infrastructure;

/// <summary>Files of the repository under test, found from the test's output directory.</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orders.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Orders.sln above {AppContext.BaseDirectory}.");
    }
}
