using BankOrleans.Topology;

namespace BankOrleans.Grains.Placement;

/// <summary>
/// Keys of the Orleans silo metadata every bank silo publishes (through <c>UseSiloMetadata</c>).
/// Placement filters and operator tools read them from <c>ISiloMetadataCache</c>.
/// </summary>
public static class BankSiloMetadata
{
    /// <summary>The silo's role, one of <see cref="SiloRoles"/>.</summary>
    public const string RoleKey = "bank.role";

    /// <summary>The silo's bank name: <c>master-1</c> … <c>master-3</c> or <c>reader</c>.</summary>
    public const string NameKey = "bank.name";

    /// <summary>The master index 1..3 (absent on the reader).</summary>
    public const string IndexKey = "bank.index";

    /// <summary>The prefix of master silo names; master N is named <c>master-N</c>.</summary>
    public const string MasterNamePrefix = "master-";

    /// <summary>The name of master silo <paramref name="index"/>.</summary>
    public static string MasterName(long index) => MasterNamePrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
