using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Placement;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// Replica N on master-N: the acceptor of the write path over the silo's SQLite file.
/// SQLite calls are synchronous and durable (synchronous=FULL) before each answer.
/// </summary>
[PinnedToMaster]
public sealed class ReplicaGrain(ReplicaStoreHolder replica) : Grain, IReplicaGrain
{
    /// <inheritdoc />
    public Task<PrepareReply> Prepare(PrepareRequest request) => Task.FromResult(replica.Store.Prepare(request));

    /// <inheritdoc />
    public Task<AcceptReply> Accept(AcceptRequest request) => Task.FromResult(replica.Store.Accept(request));

    /// <inheritdoc />
    public Task<InstallReply> Install(InstallRequest request) => Task.FromResult(replica.Store.Install(request));

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadEntries(string account, long afterVersion, int limit) =>
        Task.FromResult(replica.Store.ReadEntries(account, afterVersion, limit));

    /// <inheritdoc />
    public Task<AccountState?> GetAccount(string account) => Task.FromResult(replica.Store.GetAccount(account));

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountState>> OwnedBy(string owner) => Task.FromResult(replica.Store.OwnedBy(owner));
}
