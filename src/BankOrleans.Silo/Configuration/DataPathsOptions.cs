namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Where the silo keeps its SQLite files: the <c>Paths</c> section. After configuration every
/// path is absolute (see <see cref="DataPathsPostConfigure"/>): <see cref="DataDirectory"/> comes
/// from the environment variable <c>BANK_DATA_DIR</c>, else <c>Paths:DataDirectory</c>, else
/// <c>./data</c> relative to the current directory; file names default from the silo name.
/// </summary>
public sealed class DataPathsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Paths";

    /// <summary>The configuration key (root level) that <c>BANK_DATA_DIR</c> becomes under the <c>BANK_</c> prefix.</summary>
    public const string DataDirEnvironmentKey = "DATA_DIR";

    /// <summary>Default data directory, relative to the current directory.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary>Directory for every file below. Absolute after configuration.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>This silo's replica database; default <c>&lt;name&gt;.db</c>. The storage layer owns its schema.</summary>
    public string ReplicaFile { get; set; } = string.Empty;

    /// <summary>Cluster membership database shared by the local silos; default <c>membership.db</c>.</summary>
    public string MembershipFile { get; set; } = string.Empty;

    /// <summary>Orleans grain storage of this silo (provider <c>council</c>); default <c>&lt;name&gt;-grainstate.db</c>.</summary>
    public string GrainStateFile { get; set; } = string.Empty;
}
