using System.Reflection;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// The layering the build has to keep (docs/architecture.md): the protocol core compiles without
/// Orleans and without SQLite, and the store without Orleans, so the deterministic simulation runs
/// the production rules and a store can be tested on its own. Orleans' serialization attributes
/// are the one exception: they mark the messages, and their serializers are generated elsewhere.
/// </summary>
public sealed class LayeringTests
{
    private const string OrleansAttributes = "Orleans.Serialization.Abstractions";

    [Fact]
    public void The_protocol_references_neither_Orleans_nor_SQLite_nor_the_grain_contracts()
    {
        var forbidden = ForbiddenReferences(typeof(BankOrleans.Protocol.Reading.ReaderStaleness).Assembly, "Microsoft.Data.Sqlite", "SQLitePCLRaw");

        Assert.Empty(forbidden);
    }

    [Fact]
    public void The_store_references_no_Orleans_beyond_the_serialization_attributes()
    {
        var forbidden = ForbiddenReferences(typeof(SqliteReplicaStore).Assembly);

        Assert.Empty(forbidden);
    }

    /// <summary>
    /// The assemblies <paramref name="assembly"/> references that it should not: any Orleans
    /// assembly but the attributes, the grain contracts or grains, and <paramref name="alsoForbidden"/>.
    /// </summary>
    private static string[] ForbiddenReferences(Assembly assembly, params string[] alsoForbidden) =>
        assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name =>
                (name.StartsWith("Orleans", StringComparison.Ordinal) && name != OrleansAttributes)
                || name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                || name is "BankOrleans.Contracts" or "BankOrleans.Grains"
                || alsoForbidden.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
