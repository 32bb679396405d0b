using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BankOrleans.Silo.Sqlite;

/// <summary>
/// Connections to one SQLite file for the Orleans ADO.NET providers (membership, council
/// epochs). Each sets <c>synchronous = FULL</c> (every commit fsynced) and SQLite's own busy
/// timeout as it opens, so that a writer waiting for another's lock gets it within milliseconds
/// of its release, and rolls back a transaction a failed script left open before it closes, so
/// that a pooled connection never hands one on.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite sets no busy timeout of its own. On a locked file it sleeps 150 ms and
/// retries until the command timeout, so writers that take turns on one file wait in 150-ms
/// steps: here, a 20-ms lock cost the next writer 151 ms; with SQLite's handler, which retries
/// after 1, 2, 5, 10, … ms, 34 ms. Compiled into the bank silo and the benchmark's baseline peer.
/// </remarks>
public sealed class SqliteBusyWaitDataSource(string connectionString, TimeSpan busyTimeout) : DbDataSource
{
    /// <inheritdoc />
    public override string ConnectionString => connectionString;

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new BusyWaitConnection(connectionString, busyTimeout);

    private sealed class BusyWaitConnection(string connectionString, TimeSpan busyTimeout) : SqliteConnection(connectionString)
    {
        // DbConnection.OpenAsync, which the Orleans providers call, runs Open.
        public override void Open()
        {
            base.Open();
            try
            {
                Execute("PRAGMA busy_timeout = " + ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                // Council epochs and membership versions must survive a power cut once written:
                // stated here rather than trusted to the SQLite build's default (a per-connection
                // setting, so a pooled connection someone lowered gets it back).
                Execute("PRAGMA synchronous = FULL");
            }
            catch
            {
                base.Close();
                throw;
            }
        }

        public override void Close()
        {
            // A script's BEGIN IMMEDIATE stays open when a later statement of it failed. A
            // transaction begun through the API is the API's to end (base.Close disposes it).
            if (State == ConnectionState.Open && Transaction is null && raw.sqlite3_get_autocommit(Handle) == 0)
            {
                try
                {
                    Execute("ROLLBACK");
                }
                catch (SqliteException)
                {
                    // Never reuse a connection whose state is unknown.
                    ClearPool(this);
                }
            }

            base.Close();
        }

        private void Execute(string sql)
        {
            using var command = CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
