using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Recovery;

namespace BankOrleans.Grains.Replication;

/// <summary>This master's own replica as its start-up recovery drives it: the store's identity, changed through the store.</summary>
internal sealed class StartingReplica(int index, ReplicaStoreHolder replica) : IStartingReplica
{
    public int Index => index;

    public ReplicaStanding Standing => replica.Store.Standing();

    public IReadOnlyList<ReplicaDigest> Digests() => replica.Store.Digests();

    public Task FoundAsync() => Task.Run(replica.Store.Found);

    public Task BeginRecoveryAsync() => Task.Run(replica.Store.BecomeRecovering);

    public Task CompleteRecoveryAsync(IReadOnlyList<AccountPromise> promises) => Task.Run(() => replica.Store.CompleteRecovery(promises));
}
