using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using BankOrleans.Protocol.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// The coordinator's view of the council and the replicas, as grain calls: through the silo's
/// <see cref="ProtocolBatcher"/> (several coordinators' requests to one peer in one message)
/// unless batching is turned off, one call per request otherwise. Either way each request gets
/// its own reply or exception.
/// </summary>
internal sealed class GrainProtocolPeers(IGrainFactory grains, ProtocolBatcher batcher) : IProtocolPeers
{
    /// <summary>The peers of a coordinator hosted on the silo whose services are <paramref name="services"/>.</summary>
    public static GrainProtocolPeers For(IGrainFactory grains, IServiceProvider services) =>
        new(grains, services.GetRequiredService<ProtocolBatcher>());

    public async Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken)
    {
        var started = BankMetrics.Start();
        var reply = batcher.Enabled
            ? await batcher.RequestLeaseAsync(member, request)
            : await grains.GetGrain<ILockCouncilGrain>(member).RequestLease(request);
        BankMetrics.RecordLeaseAnswer(reply.Granted, BankMetrics.Elapsed(started));
        return reply;
    }

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        batcher.Enabled
            ? batcher.ReleaseLeaseAsync(member, new LeaseRelease(coordinator, accounts))
            : grains.GetGrain<ILockCouncilGrain>(member).ReleaseLease(coordinator, accounts);

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken) =>
        batcher.Enabled ? batcher.PrepareAsync(replica, request) : grains.GetGrain<IReplicaGrain>(replica).Prepare(request);

    public async Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return batcher.Enabled
                ? await batcher.AcceptAsync(replica, request)
                : await grains.GetGrain<IReplicaGrain>(replica).Accept(request);
        }
        catch (Exception error) when (NeverDelivered(error))
        {
            // An explicit "not applied", unlike a timeout: the coordinator may then call a request failed.
            return new AcceptReply(AcceptStatus.NotServing, null, Ballot.Zero);
        }
    }

    // Refusals that prove the replica never evaluated the request: it declined (catching up,
    // damaged account), its silo is not in the cluster, or the runtime rejected the message undelivered.
    private static bool NeverDelivered(Exception error) =>
        error is ReplicaNotServingException or PinnedSiloUnavailableException or SiloUnavailableException or OrleansMessageRejectionException;

    public async Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken)
    {
        var reply = await grains.GetGrain<IReplicaGrain>(replica).Install(request);
        BankMetrics.RecordRepair(reply.Status.ToString());
        return reply;
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken) =>
        grains.GetGrain<IReplicaGrain>(replica).ReadEntries(account, afterVersion, limit);
}
