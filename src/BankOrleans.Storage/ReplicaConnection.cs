using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BankOrleans.Storage;

/// <summary>
/// Opens the connection a replica store writes through, with the durability settings the
/// write path relies on (ARCHITECTURE §2, §3): WAL journal, <c>synchronous=FULL</c> so a
/// commit is on disk before the replica answers, and a busy timeout for the moments another
/// process (a backup, an operator's sqlite3 shell) holds the file.
/// </summary>
internal static class ReplicaConnection
{
    /// <summary>The page cache of a replica's connection, in KiB (64 MiB).</summary>
    public const int CacheKiB = 64 * 1024;

    /// <summary>The page cache of a replica's read connection, in KiB (16 MiB): it serves single rows and short histories.</summary>
    public const int ReadCacheKiB = 16 * 1024;

    /// <summary>
    /// WAL pages after which a commit checkpoints them into the file (80 MiB at 4 KiB pages;
    /// SQLite's default is 1,000). A checkpoint copies each page once however often it was
    /// logged, and the hot account pages are logged many times over: at the default, the
    /// copying doubled the bytes every replica wrote per transfer.
    /// </summary>
    public const int WalCheckpointPages = 20_000;

    /// <summary>Opens (creating if needed) the file at <paramref name="path"/> and applies the pragmas.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be put in WAL mode.</exception>
    /// <param name="path">The replica file.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's lock.</param>
    /// <param name="cacheKiB">The connection's page cache, in KiB.</param>
    public static SqliteConnection Open(string path, TimeSpan busyTimeout, int cacheKiB = CacheKiB)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store owns its one connection for its whole life; pooling would keep the
            // file open after Dispose and make "reopen" tests meaningless.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var busyMs = ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Pragma(connection, "busy_timeout = " + busyMs);
            var mode = Pragma(connection, "journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"replica file {path} cannot use WAL (journal_mode is {mode})");
            }

            Pragma(connection, "synchronous = FULL");
            Pragma(connection, "foreign_keys = ON");
            // SQLite's default page cache is 2 MB: past a few thousand accounts every B-tree walk
            // re-read its pages from the OS (a tenth of the cluster's CPU went to pread).
            Pragma(connection, "cache_size = -" + cacheKiB.ToString(CultureInfo.InvariantCulture));
            Pragma(connection, "wal_autocheckpoint = " + WalCheckpointPages.ToString(CultureInfo.InvariantCulture));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A statement compiled once on <paramref name="connection"/> (which also checks its SQL against
    /// the schema), with an unset parameter per name in <paramref name="parameters"/>: every later
    /// execution re-binds the same statement.
    /// </summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <summary>Runs <c>PRAGMA <paramref name="pragma"/></c> and returns its first value as text (null if none).</summary>
    public static string? Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma + ";";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Rolls back the open transaction, if there still is one: SQLite rolls back on its own
    /// after some errors (SQLITE_FULL, SQLITE_IOERR, …), and a second ROLLBACK would throw
    /// over the error that caused it.
    /// </summary>
    public static void RollbackIfActive(SqliteConnection connection)
    {
        if (raw.sqlite3_get_autocommit(connection.Handle) != 0)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "ROLLBACK;";
        command.ExecuteNonQuery();
    }
}
