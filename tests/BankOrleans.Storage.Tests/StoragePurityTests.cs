namespace BankOrleans.Storage.Tests;

/// <summary>The store is SQLite under the protocol's rules: no Orleans runtime, no grain.</summary>
public sealed class StoragePurityTests
{
    [Fact]
    public void The_store_references_SQLite_and_the_protocol_but_nothing_of_Orleans()
    {
        var referenced = typeof(SqliteReplicaStore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Microsoft.Data.Sqlite", referenced);
        Assert.All(referenced, name => Assert.True(
            name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("SQLitePCLRaw.", StringComparison.Ordinal)
            || name is "netstandard" or "Microsoft.Data.Sqlite" or "BankOrleans.Protocol",
            $"BankOrleans.Storage references {name}"));
    }
}
