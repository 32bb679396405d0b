using System.Globalization;

namespace BankOrleans.Grains.Placement;

/// <summary>What a bank silo's name says about it: <c>master-N</c> (N = 1..3) or <c>reader</c>.</summary>
public static class BankSiloNames
{
    /// <summary>The reader silo's name.</summary>
    public const string Reader = "reader";

    /// <summary>The master indexes, 1..3.</summary>
    public static IReadOnlyList<int> MasterIndexes { get; } = [1, 2, 3];

    /// <summary>Whether <paramref name="siloName"/> is <c>master-N</c>, and N.</summary>
    public static bool TryMasterIndex(string? siloName, out int index)
    {
        index = 0;
        return siloName is not null
            && siloName.StartsWith(BankSiloMetadata.MasterNamePrefix, StringComparison.Ordinal)
            && int.TryParse(siloName.AsSpan(BankSiloMetadata.MasterNamePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && index is >= 1 and <= 3;
    }
}
