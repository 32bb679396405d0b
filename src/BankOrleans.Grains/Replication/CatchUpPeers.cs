using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Accounts;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Replica;
using BankOrleans.Storage;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// The peers of a restarting master's own catch-up: the council and the other replicas through
/// grain calls, and its own replica directly (past the "catching up" gate that the replica grain
/// shows everyone else, but with the integrity check, and only once its file is normal).
/// </summary>
internal sealed class CatchUpPeers(GrainProtocolPeers remote, int localReplica, SqliteReplicaStore local, ReplicaWriter writer) : IProtocolPeers
{
    public Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken) =>
        remote.RequestLeaseAsync(member, request, cancellationToken);

    public Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken) =>
        remote.ReleaseLeaseAsync(member, coordinator, accounts, cancellationToken);

    public Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken) =>
        replica == localReplica ? LocalVote(() => writer.SubmitAsync(s => ReplicaGuard.Prepare(s, request))) : remote.PrepareAsync(replica, request, cancellationToken);

    public Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken) =>
        replica == localReplica ? LocalVote(() => writer.SubmitAsync(s => ReplicaGuard.Accept(s, request))) : remote.AcceptAsync(replica, request, cancellationToken);

    public Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken) =>
        replica == localReplica ? writer.SubmitAsync(s => ReplicaRules.Install(s, request)) : remote.InstallAsync(replica, request, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken) =>
        replica == localReplica
            ? Task.Run(() => local.ReadEntries(account, afterVersion, limit), cancellationToken)
            : remote.ReadEntriesAsync(replica, account, afterVersion, limit, cancellationToken);

    // A file that cannot prove its state does not vote, not even in its own recovery: the majority
    // it recovers from is the two others.
    private Task<T> LocalVote<T>(Func<Task<T>> vote) =>
        local.Identity.Standing == StandingKind.Normal
            ? vote()
            : Task.FromException<T>(new ReplicaNotServingException($"this replica is {local.Identity.Standing} and does not vote in its own recovery"));
}
