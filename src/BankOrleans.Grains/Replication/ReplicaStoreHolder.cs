using BankOrleans.Storage;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// The silo's own replica file, opened once on first use and closed with the silo.
/// Registered as a singleton by the silo with the path from its configuration.
/// </summary>
public sealed class ReplicaStoreHolder(string path) : IDisposable
{
    private readonly Lazy<SqliteReplicaStore> _store = new(() => SqliteReplicaStore.Open(path));

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
