using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Replica;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Reading;

/// <summary>
/// The read replica's file (<c>data/reader.db</c>): the same schema as a master's replica,
/// written only through <see cref="ReadReplicaRules"/> — committed rows, per account in
/// version order, every batch (both legs of a transfer) in one SQLite transaction, so a reader
/// snapshot never shows money in flight. Ballots stay zero: the reader never votes.
/// </summary>
public sealed class ReadReplicaStore : IDisposable
{
    private readonly SqliteReplicaStore _store;
    private readonly Action<string>? _onDamage;

    /// <summary>Wraps an open store (the reader silo's replica file).</summary>
    /// <param name="store">The open store.</param>
    /// <param name="onDamage">
    /// Told when SQLite reports the file corrupt (a page, or a row that fails its checksum) on any
    /// read or write: a file that changes what it was given is not trusted with any answer.
    /// </param>
    public ReadReplicaStore(SqliteReplicaStore store, Action<string>? onDamage = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _onDamage = onDamage;
    }

    /// <summary>Opens (creating if needed) the reader's file at <paramref name="path"/>.</summary>
    public static ReadReplicaStore Open(string path) => new(SqliteReplicaStore.Open(path, stamped: false));

    /// <summary>Applies a batch of committed rows in one transaction, or nothing (see <see cref="ReadReplicaRules.Apply"/>).</summary>
    public ReaderApplyResult Apply(IReadOnlyList<LedgerEntry> rows) => Checked(() => _store.Transact(s => ReadReplicaRules.Apply(s, rows)));

    /// <summary>
    /// Applies several batches of committed rows in one transaction (one fsync), each as
    /// <see cref="Apply"/> would in turn; a batch that fails is rolled back alone.
    /// </summary>
    /// <returns>Per batch, its result, or null if applying it threw.</returns>
    public IReadOnlyList<ReaderApplyResult?> ApplyMany(IReadOnlyList<IReadOnlyList<LedgerEntry>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var results = Checked(() => _store.TransactEach(batches.Select(rows => (Func<IReplicaState, object?>)(s => ReadReplicaRules.Apply(s, rows))).ToArray()));
        foreach (var (_, error) in results)
        {
            if (error is not null && ReplicaFileCheck.IsCorruption(error))
            {
                _onDamage?.Invoke(error.Message);
            }
        }

        return results.Select(r => r.Result as ReaderApplyResult).ToArray();
    }

    /// <summary>Replaces the reader's copy of <paramref name="account"/> with its chosen history, in one transaction.</summary>
    /// <exception cref="ArgumentException">The rows are not a valid chain from version 1.</exception>
    public void Rebuild(string account, IReadOnlyList<LedgerEntry> history) =>
        Checked(() => _store.Transact(s =>
        {
            ReadReplicaRules.Rebuild(s, account, history);
            return 0;
        }));

    /// <summary>The account's state on the reader, or null if the reader does not hold it.</summary>
    public AccountState? GetAccount(string account) => Checked(() => _store.GetAccount(account));

    /// <summary>The account's digest on the reader, or null if the reader does not hold it.</summary>
    public ReplicaDigest? Digest(string account) => Checked(() => _store.Digest(account));

    /// <summary>The reader's range summaries (see <see cref="SqliteReplicaStore.Summary"/>).</summary>
    public IReadOnlyList<RangeDigest> Summary() => Checked(_store.Summary);

    /// <summary>Every account the reader holds.</summary>
    public IReadOnlyList<ReplicaDigest> Digests() => Checked(_store.Digests);

    /// <summary>One page of <see cref="Digests()"/> (see <see cref="SqliteReplicaStore.Digests(string, int)"/>).</summary>
    public IReadOnlyList<ReplicaDigest> Digests(string from, int limit) => Checked(() => _store.Digests(from, limit));

    /// <summary>The account's newest rows, newest first.</summary>
    public IReadOnlyList<LedgerEntry> History(string account, int limit) => Checked(() => _store.History(account, limit));

    /// <summary>The account's rows above a version, oldest first.</summary>
    public IReadOnlyList<LedgerEntry> ReadEntries(string account, long afterVersion, int limit) => Checked(() => _store.ReadEntries(account, afterVersion, limit));

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();

    private T Checked<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException exception) when (ReplicaFileCheck.IsCorruption(exception))
        {
            _onDamage?.Invoke(exception.Message);
            throw;
        }
    }
}
