namespace BankOrleans.Client.Commands;

/// <summary>
/// Derives a silo's role from its name. Silo metadata (where the silos declare their role)
/// is not exposed to clients, and the silo names are fixed by the deployment: <c>master-N</c>
/// and <c>reader</c>.
/// </summary>
public static class SiloRoles
{
    /// <summary>The role of the three voting and replicating silos.</summary>
    public const string Master = "master";

    /// <summary>The role of the read-replica silo.</summary>
    public const string Reader = "reader";

    /// <summary>The role shown for a silo whose name follows neither convention.</summary>
    public const string Unknown = "unknown";

    /// <summary>The role of the silo named <paramref name="siloName"/>.</summary>
    public static string FromName(string? siloName) => siloName switch
    {
        null or "" => Unknown,
        _ when siloName.StartsWith(Master + "-", StringComparison.Ordinal) => Master,
        Reader => Reader,
        _ when siloName.StartsWith(Reader + "-", StringComparison.Ordinal) => Reader,
        _ => Unknown,
    };
}
