using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Silo.Sqlite;

/// <summary>
/// The project's SQLite scripts for the Orleans ADO.NET providers (embedded resources) and the
/// connection settings every silo uses for them. Applying a script is idempotent and safe when
/// several silo processes start at the same moment against the same file.
/// </summary>
public static class SqliteOrleansSchema
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>Seconds a command waits for a lock held by another silo before failing.</summary>
    public const int BusyTimeoutSeconds = 5;

    private const string ClusteringResource = "BankOrleans.Silo.Sqlite.Sqlite-Clustering.sql";
    private const string GrainStorageResource = "BankOrleans.Silo.Sqlite.Sqlite-GrainStorage.sql";

    /// <summary>
    /// The connection string for an Orleans SQLite file. Pooling is off: these files are written
    /// every few seconds, not often enough for opening them anew each time to cost anything.
    /// </summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = false,
        DefaultTimeout = BusyTimeoutSeconds,
        Mode = SqliteOpenMode.ReadWriteCreate,
    }.ToString();

    /// <summary>
    /// The connections the Orleans providers use for the file at <paramref name="path"/>: SQLite's
    /// own busy timeout of <see cref="BusyTimeoutSeconds"/> on each (see <see cref="SqliteBusyWaitDataSource"/>).
    /// </summary>
    public static SqliteBusyWaitDataSource DataSource(string path) =>
        new(ConnectionString(path), TimeSpan.FromSeconds(BusyTimeoutSeconds));

    /// <summary>The clustering (membership) script text.</summary>
    public static string ClusteringScript => ReadResource(ClusteringResource);

    /// <summary>The grain storage script text.</summary>
    public static string GrainStorageScript => ReadResource(GrainStorageResource);

    /// <summary>Creates or upgrades the membership tables and queries in <paramref name="path"/>.</summary>
    public static Task EnsureClusteringSchemaAsync(string path, CancellationToken cancellationToken = default)
        => ApplyAsync(path, ClusteringScript, cancellationToken);

    /// <summary>Creates or upgrades the grain storage table and queries in <paramref name="path"/>.</summary>
    public static Task EnsureGrainStorageSchemaAsync(string path, CancellationToken cancellationToken = default)
        => ApplyAsync(path, GrainStorageScript, cancellationToken);

    private static async Task ApplyAsync(string path, string script, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await DataSource(path).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // WAL lets silos read membership while another writes; it is a property of the file, so
        // setting it again is a no-op. It cannot change inside a transaction, hence apart.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "BEGIN IMMEDIATE;\n" + script + "\nCOMMIT;", cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {typeof(SqliteOrleansSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
