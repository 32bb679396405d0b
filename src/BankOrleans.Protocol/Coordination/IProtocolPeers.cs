using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// How a coordinator reaches the three council members and the three master replicas
/// (both numbered 1..3). Grains implement it with grain calls, the simulator with a
/// scheduled network. Any call may fail or never answer; the coordinator bounds each one.
/// </summary>
public interface IProtocolPeers
{
    /// <summary>Asks council member <paramref name="member"/> for a lease.</summary>
    Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Releases a lease on council member <paramref name="member"/> (best effort).</summary>
    Task ReleaseLeaseAsync(int member, string coordinator, IReadOnlyList<string> accounts, CancellationToken cancellationToken);

    /// <summary>Phase 1 on replica <paramref name="replica"/>.</summary>
    Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request, CancellationToken cancellationToken);

    /// <summary>Phase 2 on replica <paramref name="replica"/>.</summary>
    Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request, CancellationToken cancellationToken);

    /// <summary>State transfer to replica <paramref name="replica"/>.</summary>
    Task<InstallReply> InstallAsync(int replica, InstallRequest request, CancellationToken cancellationToken);

    /// <summary>Reads an account's rows above a version from replica <paramref name="replica"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int replica, string account, long afterVersion, int limit, CancellationToken cancellationToken);
}
