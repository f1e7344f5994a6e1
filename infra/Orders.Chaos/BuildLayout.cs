namespace Orders.Chaos;

/// <summary>Finds the repository (the folder holding Orders.sln) and the build configuration this tool was built in.</summary>
public static class BuildLayout
{
    public static (string Root, string Configuration) Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent?.Name ?? "Release"; // …/bin/<Configuration>/net10.0/
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orders.sln"))) directory = directory.Parent;
        return (directory?.FullName ?? throw new InvalidOperationException("Orders.sln not found above " + AppContext.BaseDirectory), configuration);
    }
}
