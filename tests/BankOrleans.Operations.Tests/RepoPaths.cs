namespace BankOrleans.Operations.Tests;

/// <summary>The repository root and the silo build this test run uses (same configuration as the tests).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>src/BankOrleans.Silo/bin/&lt;Debug|Release&gt;/net10.0/BankOrleans.Silo.dll, built by the project reference.</summary>
    public static string SiloDll { get; } = Path.Combine(Root, "src", "BankOrleans.Silo", "bin", Configuration, "net10.0", "BankOrleans.Silo.dll");

    /// <summary>src/BankOrleans.Client/bin/&lt;Debug|Release&gt;/net10.0/bank-client.dll, built by the project reference.</summary>
    public static string ClientDll { get; } = Path.Combine(Root, "src", "BankOrleans.Client", "bin", Configuration, "net10.0", "bank-client.dll");

    private static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BankOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BankOrleans.sln not found above " + AppContext.BaseDirectory);
    }
}
