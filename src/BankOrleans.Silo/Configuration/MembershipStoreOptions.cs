namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Where the cluster membership table lives: <c>Membership:Provider</c> and
/// <c>Membership:ConnectionString</c>. The default, <c>sqlite</c>, is the shared file
/// <c>Paths:MembershipFile</c> for silos on one host; <c>postgres</c> is the same Orleans
/// ADO.NET provider against PostgreSQL (Npgsql), for silos on several hosts.
/// </summary>
/// <remarks>The connection string may carry a password: it is never logged, and is best given
/// through the environment (<c>BANK_Membership__ConnectionString</c>) rather than a file.</remarks>
public sealed class MembershipStoreOptions
{
    /// <summary>The configuration section name (shared with <see cref="FailureDetectionOptions"/>).</summary>
    public const string SectionName = "Membership";

    /// <summary>The value of <see cref="Provider"/> for the shared SQLite file.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The value of <see cref="Provider"/> for PostgreSQL.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is <c>postgres</c>, unused otherwise.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// A file holding the PostgreSQL password (e.g. a Docker secret), which replaces any password
    /// in <see cref="ConnectionString"/>; see <see cref="MembershipStorePostConfigure"/>.
    /// </summary>
    public string PasswordFile { get; set; } = string.Empty;
}
