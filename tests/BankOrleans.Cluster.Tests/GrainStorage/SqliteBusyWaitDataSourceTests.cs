using BankOrleans.Silo.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BankOrleans.Cluster.Tests.GrainStorage;

/// <summary>
/// The connections the Orleans ADO.NET providers get for the silo's SQLite files (and the
/// benchmark peer's): SQLite's own busy timeout on each, and no transaction left open on a
/// connection that goes back to the pool.
/// </summary>
public sealed class SqliteBusyWaitDataSourceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bank-busywait-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteBusyWaitDataSourceTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Each_connection_opened_as_the_providers_open_it_has_the_busy_timeout()
    {
        var source = new SqliteBusyWaitDataSource(ConnectionString(pooling: false), TimeSpan.FromMilliseconds(4321));

        await using var connection = await source.OpenConnectionAsync();

        Assert.Equal(4321L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task Each_connection_commits_with_synchronous_full_even_one_the_pool_hands_back_lowered()
    {
        // SQLite's compiled default is FULL too; a connection someone lowered must not keep it.
        await using (var lowered = new SqliteConnection(ConnectionString(pooling: true)))
        {
            await lowered.OpenAsync();
            await ExecuteAsync(lowered, "PRAGMA synchronous = OFF");
        }

        var source = new SqliteBusyWaitDataSource(ConnectionString(pooling: true), TimeSpan.FromSeconds(5));
        await using var connection = await source.OpenConnectionAsync();

        Assert.Equal(FullSynchronous, await ScalarAsync(connection, "PRAGMA synchronous"));
    }

    [Fact]
    public async Task The_council_state_file_is_opened_in_wal_with_synchronous_full()
    {
        var file = Path.Combine(_directory, "council.db");
        await SqliteOrleansSchema.EnsureGrainStorageSchemaAsync(file);

        await using var connection = await SqliteOrleansSchema.DataSource(file).OpenConnectionAsync();

        Assert.Equal(FullSynchronous, await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.Equal("wal", await TextAsync(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_script_that_failed_inside_its_transaction_hands_no_transaction_to_the_next_pooled_user()
    {
        var source = new SqliteBusyWaitDataSource(ConnectionString(pooling: true), TimeSpan.FromSeconds(5));
        await using (var setup = await source.OpenConnectionAsync())
        {
            await ExecuteAsync(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER NOT NULL);");
        }

        await using (var failing = await source.OpenConnectionAsync())
        {
            await Assert.ThrowsAsync<SqliteException>(() =>
                ExecuteAsync(failing, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1); INSERT INTO t VALUES (NULL); COMMIT;"));
            Assert.Equal(0, raw.sqlite3_get_autocommit(((SqliteConnection)failing).Handle));
        }

        await using var next = await source.OpenConnectionAsync();
        Assert.Equal(1, raw.sqlite3_get_autocommit(((SqliteConnection)next).Handle));
        Assert.Equal(0L, await ScalarAsync(next, "SELECT COUNT(*) FROM t"));

        // The failed script's write lock is gone too: another writer gets it without waiting
        // (no busy timeout, and Microsoft.Data.Sqlite gives up on the lock after 1 s).
        await using var other = new SqliteConnection(ConnectionString(pooling: false) + ";Default Timeout=1");
        await other.OpenAsync();
        await ExecuteAsync(other, "BEGIN IMMEDIATE; INSERT INTO t VALUES (2); COMMIT;");
        Assert.Equal(1L, await ScalarAsync(next, "SELECT COUNT(*) FROM t"));
    }

    private string ConnectionString(bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_directory, "orleans.db"),
        Pooling = pooling,
    }.ToString();

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // PRAGMA synchronous reads back 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    private const long FullSynchronous = 2;

    private static async Task<string> TextAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
