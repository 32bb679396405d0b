using BankOrleans.Topology;

namespace BankOrleans.Grains.Placement;

/// <summary>What a bank silo's name says about it, by <see cref="BankTopology"/> (silo-config): <c>master-N</c> or <c>reader</c>.</summary>
public static class BankSiloNames
{
    /// <summary>The reader silo's name.</summary>
    public static string Reader => BankTopology.Local.Reader.Name;

    /// <summary>The master indexes, 1..3.</summary>
    public static IReadOnlyList<int> MasterIndexes { get; } = [.. BankTopology.Local.Masters.Select(m => m.Index)];

    /// <summary>Whether <paramref name="siloName"/> is a master of the topology, and its index.</summary>
    public static bool TryMasterIndex(string? siloName, out int index)
    {
        index = BankTopology.Local.Find(siloName) is { IsMaster: true } master ? master.Index : 0;
        return index != 0;
    }
}
