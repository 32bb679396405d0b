namespace BankOrleans.Topology;

/// <summary>The roles a bank silo has (<c>Silo:Role</c> in silo-config/*.json).</summary>
public static class SiloRoles
{
    /// <summary>A master silo: votes in the council, coordinates accounts and keeps a replica.</summary>
    public const string Master = "master";

    /// <summary>The read-only silo: hosts the read replica and the query grains.</summary>
    public const string Reader = "reader";

    /// <summary>What a tool shows for a silo that is in no silo-config file.</summary>
    public const string Unknown = "unknown";

    /// <summary>Returns whether <paramref name="role"/> is <see cref="Master"/> or <see cref="Reader"/>.</summary>
    public static bool IsKnown(string? role) => role is Master or Reader;
}
