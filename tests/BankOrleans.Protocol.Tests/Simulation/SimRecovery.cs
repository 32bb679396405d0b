using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Recovery;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// A simulated master's start-up recovery: the production <see cref="ReplicaRecovery"/>, its
/// reconciliation by the production coordinator, its peers reached over the simulated network.
/// </summary>
internal sealed class SimRecovery(SimNode node, SimCoordinatorHost host, SimNetwork network) : IStartingReplica, IRecoveryPeers
{
    public int Index => node.Index;

    public ReplicaStanding Standing => StandingOf(node);

    public IReadOnlyList<ReplicaDigest> Digests() => DigestsOf(node);

    public Task FoundAsync() => Become(StandingKind.Normal);

    public Task BeginRecoveryAsync() => Become(StandingKind.Recovering);

    public Task CompleteRecoveryAsync(IReadOnlyList<AccountPromise> promises)
    {
        node.Replica.Transact(s => ReplicaRules.RaisePromises(s, promises));
        return Become(StandingKind.Normal);
    }

    public Task<ReplicaStanding> StandingAsync(int replica, CancellationToken cancellationToken) =>
        network.Call(host, replica, StandingOf);

    public Task<ReplicaInventory> InventoryAsync(int replica, CancellationToken cancellationToken) =>
        network.Call(host, replica, n => new ReplicaInventory(n.Voting, DigestsOf(n)));

    public Task<IReadOnlyList<AccountPromise>> PromisesAsync(int replica, CancellationToken cancellationToken) =>
        network.Call(host, replica, n => (IReadOnlyList<AccountPromise>)n.Replica.Accounts.Select(a => new AccountPromise(a.Account, a.PromisedBallot)).ToArray());

    public async Task RunAsync()
    {
        var timing = new RecoveryTiming(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
        var recovery = new ReplicaRecovery(this, this, (batch, ct) => host.Coordinator.ReconcileAsync(batch, [node.Index], ct), timing, network.Loop.Time);
        try
        {
            await recovery.RunAsync(host.CrashToken);
        }
        catch (OperationCanceledException) when (!host.Alive)
        {
            return;
        }

        if (host.Alive && node.Recovery == host)
        {
            node.Recovered();
            node.Recovery = null;
        }
    }

    private Task Become(StandingKind kind)
    {
        node.Replica.Identity = node.Replica.Identity with { Standing = kind };
        return Task.CompletedTask;
    }

    private static ReplicaStanding StandingOf(SimNode n) =>
        new(n.Replica.Identity.FileId, n.Standing, n.Replica.Accounts.Count > 0);

    private static ReplicaDigest[] DigestsOf(SimNode n) =>
        n.Replica.Transact(s => n.Replica.Accounts.Where(a => a.Exists).Select(a => ReplicaIntegrity.Digest(s, a.Account)).ToArray());
}
