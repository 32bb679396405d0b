using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Schema;

/// <summary>
/// Brings a replica file to the newest schema. The file's version lives in
/// <c>PRAGMA user_version</c> (0 for a new file); all pending migrations run in one
/// <c>BEGIN IMMEDIATE</c> transaction together with the version bump, so a crash
/// mid-migration leaves the file at its old version, and two processes opening the same
/// new file cannot both migrate it.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Applies every migration above the file's version; returns the version the file is at.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer build (its version is above every known migration).</exception>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations)
    {
        // A migration may compute a column with the store's own functions.
        AccountRowChecksum.Register(connection);
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            var current = ReadVersion(connection);
            var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
            if (current > latest)
            {
                throw new InvalidOperationException(
                    $"replica file schema is at version {current}, newer than this build knows ({latest}); refusing to open it");
            }

            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                Execute(connection, migration.Sql);
                // PRAGMA takes no parameters; the value is a compile-time migration number.
                Execute(connection, "PRAGMA user_version = " + migration.Version.ToString(CultureInfo.InvariantCulture) + ";");
                current = migration.Version;
            }

            Execute(connection, "COMMIT;");
            return current;
        }
        catch
        {
            ReplicaConnection.RollbackIfActive(connection);
            throw;
        }
    }

    /// <summary>The file's schema version (<c>PRAGMA user_version</c>).</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
