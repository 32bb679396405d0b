namespace BankOrleans.ClusterControl.Tests;

/// <summary>The repository root: the directory above the test assembly that holds BankOrleans.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BankOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BankOrleans.sln not found above " + AppContext.BaseDirectory);
    }
}
