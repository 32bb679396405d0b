using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// The coordinator's view of the council and the replicas, as grain calls: votes, releases,
/// prepares and accepts through the silo's <see cref="IProtocolTransport"/> (batched unless
/// batching is turned off), repairs and history reads as single calls. Each request gets its own
/// reply or exception.
/// </summary>
internal sealed class GrainProtocolPeers(IGrainFactory grains, IProtocolTransport transport) : IProtocolPeers
{
    public async Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken)
    {
        var started = BankMetrics.Start();
        var reply = await transport.RequestLeaseAsync(member, request);
        BankMetrics.RecordLeaseAnswer(reply.Granted, BankMetrics.Elapsed(started));
        return reply;
    }

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        transport.ReleaseLeaseAsync(member, new LeaseRelease(coordinator, accounts));

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken) =>
        transport.PrepareAsync(replica, request);

    public async Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.AcceptAsync(replica, request);
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
