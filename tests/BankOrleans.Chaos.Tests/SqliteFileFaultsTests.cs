using System.Buffers.Binary;
using BankOrleans.Chaos.Faults;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Chaos.Tests;

/// <summary>The disk faults on SQLite files in WAL mode, without a cluster: each does exactly the damage it names.</summary>
public sealed class SqliteFileFaultsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bank-chaos-files-").FullName;

    private string Db => Path.Combine(_directory, "master-1.db");

    [Fact]
    public void Delete_removes_the_file_with_its_wal_and_shm_and_keeps_the_stamp()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", ".stamp" })
        {
            File.WriteAllText(Db + suffix, "x");
        }

        var deleted = SqliteFileFaults.Delete(Db);

        Assert.Equal(["master-1.db", "master-1.db-wal", "master-1.db-shm"], deleted);
        Assert.Equal(["master-1.db.stamp"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Backup_of_a_live_wal_file_holds_its_committed_rows_and_restore_drops_the_newer_ones()
    {
        using (var writer = OpenWal(Db))
        {
            Execute(writer, "CREATE TABLE ledger (n INTEGER PRIMARY KEY, memo TEXT);");
            InsertRows(writer, 1, 100);
            var backup = Db + ".chaos-backup";

            SqliteFileFaults.Backup(Db, backup);
            InsertRows(writer, 101, 150);
            Assert.Equal(100, Count(backup));
        }

        SqliteFileFaults.Restore(Db + ".chaos-backup", Db);

        Assert.Equal(100, Count(Db));
        Assert.False(File.Exists(Db + ".chaos-backup"));
    }

    [Fact]
    public void CorruptPage_checkpoints_the_wal_and_changes_8_bytes_inside_one_btree_page()
    {
        // Two copies of what a killed silo leaves: the file and a WAL holding the newest rows.
        string a = Path.Combine(_directory, "a.db"), b = Path.Combine(_directory, "b.db");
        using (var writer = OpenWal(Db))
        {
            Execute(writer, "PRAGMA wal_autocheckpoint = 0;");
            Execute(writer, "CREATE TABLE ledger (n INTEGER PRIMARY KEY, memo TEXT);");
            InsertRows(writer, 1, 2000);
            foreach (var copy in new[] { a, b })
            {
                File.Copy(Db, copy);
                File.Copy(Db + "-wal", copy + "-wal");
            }
        }

        using (var checkpoint = OpenWal(a))
        {
            Execute(checkpoint, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var what = SqliteFileFaults.CorruptPage(b, ["ledger"], new Random(7));

        byte[] expected = File.ReadAllBytes(a), actual = File.ReadAllBytes(b);
        Assert.Equal(2000, Count(a));
        Assert.Equal(expected.Length, actual.Length);
        var changed = Enumerable.Range(0, actual.Length).Where(i => expected[i] != actual[i]).ToArray();
        Assert.Equal(8, changed.Length);
        Assert.Equal(changed[0] + 7, changed[^1]);
        Assert.True(changed[0] >= 4096, what);
        Assert.Equal(changed[0] / 4096, changed[^1] / 4096);
        Assert.False(File.Exists(b + "-wal"));
    }

    [Fact]
    public void CorruptPage_without_dbstat_changes_a_leaf_that_holds_rows_not_an_empty_tree()
    {
        // An empty table beside one whose rows fill a tree of several levels.
        using (var writer = OpenWal(Db))
        {
            Execute(writer, "CREATE TABLE accounts (n INTEGER PRIMARY KEY, memo TEXT);");
            Execute(writer, "CREATE TABLE ledger (n INTEGER PRIMARY KEY, memo TEXT);");
            InsertRows(writer, 1, 2000);
            Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var original = File.ReadAllBytes(Db);
        for (var seed = 1; seed <= 8; seed++)
        {
            var copy = Path.Combine(_directory, $"copy-{seed}.db");
            File.Copy(Db, copy);

            var what = SqliteFileFaults.CorruptPage(copy, ["accounts", "ledger"], new Random(seed));

            var actual = File.ReadAllBytes(copy);
            var page = Enumerable.Range(0, actual.Length).First(i => original[i] != actual[i]) / 4096;
            Assert.Contains("a leaf under", what, StringComparison.Ordinal);
            // A table leaf (type 13) with at least one cell.
            Assert.Equal(13, original[page * 4096]);
            Assert.True(BinaryPrimitives.ReadUInt16BigEndian(original.AsSpan((page * 4096) + 3)) > 0, what);
        }
    }

    [Fact]
    public void CorruptPage_changes_only_bytes_a_check_reads_never_freed_space()
    {
        // Pages with as much freed space as rows: every other row deleted, an index on the text.
        using (var writer = OpenWal(Db))
        {
            Execute(writer, "CREATE TABLE ledger (n INTEGER PRIMARY KEY, memo TEXT);");
            Execute(writer, "CREATE INDEX ledger_memo ON ledger (memo);");
            InsertRows(writer, 1, 2000);
            Execute(writer, "DELETE FROM ledger WHERE n % 2 = 0;");
            Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var rows = Rows(Db);
        for (var seed = 1; seed <= 24; seed++)
        {
            var copy = Path.Combine(_directory, $"copy-{seed}.db");
            File.Copy(Db, copy);

            var what = SqliteFileFaults.CorruptPage(copy, ["ledger"], new Random(seed));

            // Seen by SQLite's own check, or by reading the rows back.
            var seen = IntegrityCheck(copy) != "ok" || Record.Exception(() => Assert.Equal(rows, Rows(copy))) is not null;
            Assert.True(seen, $"seed {seed}: {what}");
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string IntegrityCheck(string path)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            return (string)check.ExecuteScalar()!;
        }
        catch (SqliteException exception)
        {
            return exception.Message;
        }
    }

    private static List<(long N, string Memo)> Rows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT n, memo FROM ledger ORDER BY n;";
        using var reader = read.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    private static SqliteConnection OpenWal(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        return connection;
    }

    private static void InsertRows(SqliteConnection connection, int from, int to)
    {
        using var transaction = connection.BeginTransaction();
        for (var n = from; n <= to; n++)
        {
            Execute(connection, $"INSERT INTO ledger (n, memo) VALUES ({n}, 'transfer {n} between two accounts');");
        }

        transaction.Commit();
    }

    private static long Count(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM ledger;";
        return (long)count.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
