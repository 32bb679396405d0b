using BankOrleans.Contracts.Messaging;
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
    /// Several votes and releases in one message (a silo batches what its coordinators send to
    /// one member), handled in order exactly as if each had arrived alone: one answer per
    /// request, a vote's with its reply, a release's with none, and a failure of one request
    /// (its own fault) never fails its neighbours.
    /// </summary>
    Task<IReadOnlyList<BatchItem<LeaseReply>>> Handle(IReadOnlyList<CouncilRequest> requests);

    /// <summary>
    /// Records, durably, that <paramref name="member"/> issues ballots in <paramref name="epoch"/>
    /// (kept if higher than the record): a member does not issue in an epoch before one other
    /// member has recorded it. Interleaves, so two members establishing at once never wait on each other.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task RecordEpoch(int member, long epoch);

    /// <summary>What this member has recorded of <paramref name="member"/>'s epochs, and its own epoch.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<CouncilEpochRecord> EpochRecord(int member);
}
