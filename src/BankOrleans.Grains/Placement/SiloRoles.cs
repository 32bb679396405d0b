namespace BankOrleans.Grains.Placement;

/// <summary>
/// The roles a bank silo can declare in its silo metadata (see <see cref="BankSiloMetadata.RoleKey"/>).
/// </summary>
public static class SiloRoles
{
    /// <summary>A master silo: hosts account coordinators, council members and a replica.</summary>
    public const string Master = "master";

    /// <summary>The read-only silo: hosts the read replica and the query grains.</summary>
    public const string Reader = "reader";

    /// <summary>Returns whether <paramref name="role"/> is one of the known roles.</summary>
    public static bool IsKnown(string? role) => role is Master or Reader;
}
