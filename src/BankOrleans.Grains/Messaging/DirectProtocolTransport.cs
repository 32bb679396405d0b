using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Grains.Messaging;

/// <summary>One grain call per request (<c>Bank:Batching:Enabled=false</c>), for comparison with batching.</summary>
internal sealed class DirectProtocolTransport(IGrainFactory grains) : IProtocolTransport
{
    /// <inheritdoc />
    public Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request) =>
        grains.GetGrain<ILockCouncilGrain>(member).RequestLease(request);

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(int member, LeaseRelease release) =>
        grains.GetGrain<ILockCouncilGrain>(member).ReleaseLease(release.Coordinator, release.Accounts);

    /// <inheritdoc />
    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request) =>
        grains.GetGrain<IReplicaGrain>(replica).Prepare(request);

    /// <inheritdoc />
    public Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request) =>
        grains.GetGrain<IReplicaGrain>(replica).Accept(request);

    /// <inheritdoc />
    public Task FeedReaderAsync(CommittedRows committed) =>
        grains.GetGrain<IReadReplicaGrain>(0).Apply(committed);
}
