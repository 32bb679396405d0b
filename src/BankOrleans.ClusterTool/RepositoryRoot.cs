namespace BankOrleans.ClusterTool;

/// <summary>The repository this build of the tool belongs to: the nearest directory above it holding ./bank and BankOrleans.sln.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bank")) && File.Exists(Path.Combine(dir.FullName, "BankOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
