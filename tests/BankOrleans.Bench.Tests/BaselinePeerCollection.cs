namespace BankOrleans.Bench.Tests;

/// <summary>
/// The peer's test classes each start two-silo test clusters; one at a time keeps their
/// transaction timeouts away from a 2-core machine that also runs the other tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BaselinePeerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Orleans Transactions peer";
}
