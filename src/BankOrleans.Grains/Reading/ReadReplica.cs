using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Replication;
using BankOrleans.Protocol.Reading;
using BankOrleans.Storage.Reading;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The reader silo's read replica (a singleton): its file, and the waiters of read-your-writes
/// queries, which complete as soon as the read replica grain applies the version they wait for.
/// A file found corrupt on any read or write marks the replica damaged: the reader then answers
/// no query (clients ask the masters) until it is restarted, when the file is set aside and
/// rebuilt from the masters.
/// </summary>
public sealed class ReadReplica(ReplicaStoreHolder holder, ReplicaReadiness readiness, ILogger<ReadReplica> logger) : IReaderStore
{
    private readonly Lazy<ReadReplicaStore> _store = new(() => new ReadReplicaStore(holder.Store, damage =>
    {
        if (readiness.Damage is null)
        {
            logger.LogError(
                "Read replica: {File} is damaged ({Damage}); answering no query until the reader is restarted, which rebuilds it from the masters",
                holder.Path, damage);
        }

        readiness.MarkDamaged(damage);
    }));
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(long Version, TaskCompletionSource Done)>> _waiters = new(StringComparer.Ordinal);

    /// <summary>The reader's file (<c>data/reader.db</c>).</summary>
    public ReadReplicaStore Store => _store.Value;

    /// <inheritdoc />
    public ReaderApplyResult Apply(IReadOnlyList<LedgerEntry> rows) => Store.Apply(rows);

    /// <inheritdoc />
    public void Rebuild(string account, IReadOnlyList<LedgerEntry> history) => Store.Rebuild(account, history);

    /// <inheritdoc />
    public AccountState? GetAccount(string account) => Store.GetAccount(account);

    /// <inheritdoc />
    public ReplicaDigest? Digest(string account) => Store.Digest(account);

    /// <inheritdoc />
    public IReadOnlyList<RangeDigest> Summary() => Store.Summary();

    /// <inheritdoc />
    public IReadOnlyList<ReplicaDigest> Digests() => Store.Digests();

    /// <summary>
    /// Waits until the reader holds at least <paramref name="minVersion"/> of the account, at most
    /// <paramref name="timeout"/>. Returns whether it does.
    /// </summary>
    public async Task<bool> WaitForVersionAsync(string account, long minVersion, TimeSpan timeout, TimeProvider time)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(account, out var list))
            {
                list = [];
                _waiters[account] = list;
            }

            list.Add((minVersion, done));
        }

        try
        {
            // Checked after registering, so an apply between the check and the registration is not missed.
            if (this.VersionOf(account) >= minVersion)
            {
                return true;
            }

            await done.Task.WaitAsync(timeout, time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return this.VersionOf(account) >= minVersion;
        }
        finally
        {
            lock (_gate)
            {
                if (_waiters.TryGetValue(account, out var list))
                {
                    list.RemoveAll(w => w.Done == done);
                    if (list.Count == 0)
                    {
                        _waiters.Remove(account);
                    }
                }
            }
        }
    }

    /// <summary>Wakes the waiters of <paramref name="accounts"/> whose version the reader now holds.</summary>
    public void Applied(IEnumerable<string> accounts)
    {
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            List<(long Version, TaskCompletionSource Done)> ready;
            lock (_gate)
            {
                if (!_waiters.TryGetValue(account, out var list))
                {
                    continue;
                }

                var version = this.VersionOf(account);
                ready = list.Where(w => w.Version <= version).ToList();
            }

            foreach (var waiter in ready)
            {
                waiter.Done.TrySetResult();
            }
        }
    }
}
