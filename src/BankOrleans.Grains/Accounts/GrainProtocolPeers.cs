using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Grains.Accounts;

/// <summary>The coordinator's view of the council and the replicas, as grain calls.</summary>
internal sealed class GrainProtocolPeers(IGrainFactory grains) : IProtocolPeers
{
    public Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken) =>
        grains.GetGrain<ILockCouncilGrain>(member).RequestLease(request);

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        grains.GetGrain<ILockCouncilGrain>(member).ReleaseLease(coordinator, accounts);

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).Prepare(request);

    public Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).Accept(request);

    public Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).Install(request);

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).ReadEntries(account, afterVersion, limit);
}
