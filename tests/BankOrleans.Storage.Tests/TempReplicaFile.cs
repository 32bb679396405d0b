using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

/// <summary>A replica file in its own temporary directory, deleted (with its -wal and -shm) on dispose.</summary>
internal sealed class TempReplicaFile : IDisposable
{
    private readonly string _directory =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bankorleans-storage-tests", Guid.NewGuid().ToString("N"));

    public TempReplicaFile(string name = "replica.db") => Path = System.IO.Path.Combine(_directory, name);

    public string Path { get; }

    public SqliteReplicaStore Open() => SqliteReplicaStore.Open(Path);

    /// <summary>A new file, closed, holding one opened account (A-01, owner alice), and then whatever <paramref name="then"/> did.</summary>
    public static TempReplicaFile WithOneAccount(Action<SqliteReplicaStore>? then = null)
    {
        var file = new TempReplicaFile();
        try
        {
            using var store = file.Open();
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            then?.Invoke(store);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A connection of the test's own, outside any store (no pooling, so it really closes).</summary>
    public SqliteConnection Connect(SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        Directory.CreateDirectory(_directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Sets an account's balance outside any store and recomputes its row's checksum: a row that
    /// agrees with itself but no longer with its ledger (an edit that is not consistent reads as corrupt).
    /// </summary>
    public void SetBalanceKeepingChecksum(string account, long cents)
    {
        using var connection = Connect();
        AccountRowChecksum.Register(connection);
        using var edit = connection.CreateCommand();
        edit.CommandText = $"""
            UPDATE accounts SET balance_cents = $cents, row_sum = {AccountRowChecksum.SqlFunction}(account_no, owner, $cents, version, head,
                accepted_epoch, accepted_counter, accepted_member, promised_epoch, promised_counter, promised_member, frozen)
            WHERE account_no = $account;
            """;
        edit.Parameters.AddWithValue("$cents", cents);
        edit.Parameters.AddWithValue("$account", account);
        Assert.Equal(1, edit.ExecuteNonQuery());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
