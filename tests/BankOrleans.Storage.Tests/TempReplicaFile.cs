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

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
