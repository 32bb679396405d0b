using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Council;

/// <summary>
/// Council member N (key N = 1..3), pinned to master-N. Votes on per-account leases and
/// issues ballots that keep growing across restarts (ARCHITECTURE §3.1).
/// </summary>
public interface ILockCouncilGrain : IGrainWithIntegerKey
{
    /// <summary>Votes on a lease; a refusal is a normal answer, not an exception.</summary>
    Task<LeaseReply> RequestLease(LeaseRequest request);

    /// <summary>Releases the coordinator's leases on the accounts (idempotent).</summary>
    Task ReleaseLease(string coordinator, IReadOnlyList<string> accounts);

    /// <summary>
    /// Votes on several leases in one message, in order, exactly as if each had arrived alone
    /// (a silo batches the votes its coordinators send to one member).
    /// </summary>
    Task<IReadOnlyList<LeaseReply>> RequestLeases(IReadOnlyList<LeaseRequest> requests);

    /// <summary>Several releases in one message, in order.</summary>
    Task ReleaseLeases(IReadOnlyList<LeaseRelease> releases);
}
