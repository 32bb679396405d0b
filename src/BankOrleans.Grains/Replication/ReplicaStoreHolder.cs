using BankOrleans.Storage;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// The silo's own replica file, opened once on first use and closed with the silo.
/// Registered as a singleton by the silo with the path from its configuration.
/// </summary>
/// <param name="path">The replica file.</param>
/// <param name="durableCommits">
/// True on a master (every commit fsynced); false on the reader, whose rows are all on a majority
/// of masters and which catches up from them when it starts (see <see cref="SqliteReplicaStore.Open"/>).
/// </param>
public sealed class ReplicaStoreHolder(string path, bool durableCommits = true) : IDisposable
{
    private readonly Lazy<SqliteReplicaStore> _store = new(() => SqliteReplicaStore.Open(path, durableCommits: durableCommits));

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
