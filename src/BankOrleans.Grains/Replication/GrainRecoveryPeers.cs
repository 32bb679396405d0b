using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Protocol.Recovery;

namespace BankOrleans.Grains.Replication;

/// <summary>The other masters' replicas as a starting replica asks them, through grain calls.</summary>
internal sealed class GrainRecoveryPeers(IGrainFactory grains, int pageSize, TimeSpan pageTimeout) : IRecoveryPeers
{
    public Task<ReplicaStanding> StandingAsync(int replica, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).Standing();

    public Task<ReplicaInventory> InventoryAsync(int replica, CancellationToken cancellationToken) =>
        InventoryPages.ReadAllAsync(grains.GetGrain<IReplicaGrain>(replica).Inventory, pageSize, pageTimeout);

    public async Task<IReadOnlyList<AccountPromise>> PromisesAsync(int replica, CancellationToken cancellationToken)
    {
        var peer = grains.GetGrain<IReplicaGrain>(replica);
        var all = new List<AccountPromise>();
        var from = "";
        while (true)
        {
            var page = await peer.Promises(from, pageSize).WaitAsync(pageTimeout, cancellationToken);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }

            from = InventoryPages.After(page[^1].Account);
        }
    }
}
