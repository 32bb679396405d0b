namespace BankOrleans.Topology;

/// <summary>The silo-config files do not form the bank's topology; the message lists every fault, each naming its file.</summary>
public sealed class BankTopologyException : Exception
{
    /// <summary>Creates the exception for <paramref name="faults"/>.</summary>
    public BankTopologyException(IReadOnlyList<string> faults)
        : base("silo-config does not form the bank's topology: " + string.Join("; ", faults))
    {
        Faults = faults;
    }

    /// <summary>Every fault found, one a line.</summary>
    public IReadOnlyList<string> Faults { get; }
}
