using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// Replica N on master-N: the acceptor of the write path over the silo's SQLite file. Writes run
/// in one durable SQLite transaction each.
/// Until the silo's catch-up has finished (<see cref="ReplicaReadiness"/>) it refuses prepares
/// and accepts as a silent peer would; a damaged account (its row contradicts the ledger)
/// never votes or accepts (<see cref="ReplicaGuard"/>).
/// </summary>
[PinnedToMaster]
public sealed class ReplicaGrain(ReplicaStoreHolder replica, ReplicaReadiness readiness) : Grain, IReplicaGrain
{
    /// <inheritdoc />
    public Task<PrepareReply> Prepare(PrepareRequest request)
    {
        EnsureCaughtUp();
        return Task.FromResult(replica.Store.Transact(s => ReplicaGuard.Prepare(s, request)));
    }

    /// <inheritdoc />
    public Task<AcceptReply> Accept(AcceptRequest request)
    {
        EnsureCaughtUp();
        return Task.FromResult(replica.Store.Transact(s => ReplicaGuard.Accept(s, request)));
    }

    /// <inheritdoc />
    public Task<InstallReply> Install(InstallRequest request) => Task.FromResult(replica.Store.Transact(s => ReplicaRules.Install(s, request)));

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadEntries(string account, long afterVersion, int limit) =>
        Task.FromResult(replica.Store.ReadEntries(account, afterVersion, limit));

    /// <inheritdoc />
    public Task<AccountState?> GetAccount(string account) => Task.FromResult(replica.Store.GetAccount(account));

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountState>> OwnedBy(string owner) => Task.FromResult(replica.Store.OwnedBy(owner));

    /// <inheritdoc />
    public Task<ReplicaInventory> Inventory() => Task.FromResult(new ReplicaInventory(readiness.IsReady, replica.Store.Digests()));

    /// <inheritdoc />
    public Task<ReplicaDigest?> Digest(string account) => Task.FromResult(replica.Store.Digest(account));

    /// <inheritdoc />
    public Task SetFrozen(IReadOnlyList<string> accounts, bool frozen) => Task.FromResult(replica.Store.Transact(s => ReplicaGuard.SetFrozen(s, accounts, frozen)));

    private void EnsureCaughtUp()
    {
        if (!readiness.IsReady)
        {
            throw new ReplicaNotServingException("this replica is catching up after a start and does not vote yet");
        }
    }
}
