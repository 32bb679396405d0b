using BankOrleans.Storage;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// The silo's own replica file, opened once on first use and closed with the silo.
/// Registered as a singleton by the silo with the path from its configuration.
/// </summary>
/// <param name="path">The file.</param>
/// <param name="stamped">
/// Whether the file keeps a stamp beside it (a master's replica, see
/// <see cref="SqliteReplicaStore.Open"/>); the reader's file does not.
/// </param>
public sealed class ReplicaStoreHolder(string path, bool stamped) : IDisposable
{
    private readonly Lazy<SqliteReplicaStore> _store = new(() => SqliteReplicaStore.Open(path, stamped: stamped));

    /// <summary>The file this silo's replica lives in.</summary>
    public string Path { get; } = path;

    /// <summary>The open store.</summary>
    public SqliteReplicaStore Store => _store.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }
}
