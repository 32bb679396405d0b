using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Recovery;

namespace BankOrleans.Grains.Replication;

/// <summary>The other masters' replicas as a starting replica asks them, through grain calls.</summary>
internal sealed class GrainRecoveryPeers(IGrainFactory grains, int pageSize, TimeSpan pageTimeout) : IRecoveryPeers
{
    public Task<ReplicaStanding> StandingAsync(int replica, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).Standing();

    public Task<ReplicaInventory> InventoryAsync(int replica, CancellationToken cancellationToken) =>
        InventoryPages.ReadAllAsync(grains.GetGrain<IReplicaGrain>(replica).Inventory, pageSize, pageTimeout);

    public Task<IReadOnlyList<AccountPromise>> PromisesAsync(int replica, CancellationToken cancellationToken) =>
        InventoryPages.ReadAllAsync(grains.GetGrain<IReplicaGrain>(replica).Promises, p => p.Account, pageSize, pageTimeout);
}
