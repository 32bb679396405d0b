using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Tests;

/// <summary>
/// The protocol is code the simulation runs as it is: it may use the runtime and Orleans'
/// serialization attributes, never the Orleans runtime, a grain, or SQLite.
/// </summary>
public sealed class ProtocolPurityTests
{
    [Fact]
    public void The_protocol_references_only_the_runtime_and_Orleans_serialization_attributes()
    {
        var referenced = typeof(OperationRules).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Orleans.Serialization.Abstractions", referenced);
        Assert.All(referenced, name => Assert.True(
            name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard" or "Orleans.Serialization.Abstractions",
            $"BankOrleans.Protocol references {name}"));
    }
}
