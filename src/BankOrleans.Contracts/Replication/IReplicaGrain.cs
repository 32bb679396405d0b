using BankOrleans.Contracts.Messaging;

namespace BankOrleans.Contracts.Replication;

/// <summary>
/// The replica of master N (key N = 1..3), pinned to master-N and backed by that silo's own
/// SQLite file. Each write method is one durable SQLite transaction (ARCHITECTURE §3).
/// While the replica catches up after a start, and for any account whose row contradicts its own
/// ledger, Prepare and Accept answer as a silent peer would (they fail), Accept on such an
/// account answers <see cref="AcceptStatus.Frozen"/>.
/// </summary>
public interface IReplicaGrain : IGrainWithIntegerKey
{
    /// <summary>The most keys one <see cref="Versions"/> or <see cref="DigestsOf"/> call reads.</summary>
    const int MaxVersionKeys = 1024;

    /// <summary>Phase 1: durable promise on every account of the request, or a refusal with the higher promise.</summary>
    Task<PrepareReply> Prepare(PrepareRequest request);

    /// <summary>Phase 2: fenced, deterministic, idempotent apply of one operation.</summary>
    Task<AcceptReply> Accept(AcceptRequest request);

    /// <summary>Completion or repair: state transfer of one or more accounts in one transaction.</summary>
    Task<InstallReply> Install(InstallRequest request);

    /// <summary>
    /// Several prepares in one message, each handled exactly as if it had arrived alone, with
    /// one answer per request in order (a silo batches what its coordinators send to one replica).
    /// </summary>
    Task<IReadOnlyList<BatchItem<PrepareReply>>> PrepareMany(IReadOnlyList<PrepareRequest> requests);

    /// <summary>Several accepts in one message, as <see cref="PrepareMany"/>; they share the replica's next fsync.</summary>
    Task<IReadOnlyList<BatchItem<AcceptReply>>> AcceptMany(IReadOnlyList<AcceptRequest> requests);

    /// <summary>An account's rows above a version, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadEntries(string account, long afterVersion, int limit);

    /// <summary>This replica's state of an account, or null if it has never seen it.</summary>
    Task<AccountState?> GetAccount(string account);

    /// <summary>
    /// The version of each object in <paramref name="keys"/> on this replica (0 where it has no
    /// row), in order, read in one snapshot: many session checks of a silo in one message.
    /// At most <see cref="MaxVersionKeys"/> keys.
    /// </summary>
    Task<IReadOnlyList<long>> Versions(IReadOnlyList<string> keys);

    /// <summary>The opened objects this replica holds for <paramref name="owner"/> (its accounts and its <c>user:</c> object), by key.</summary>
    Task<IReadOnlyList<AccountState>> OwnedBy(string owner);

    /// <summary>
    /// One page of digests: at most <paramref name="limit"/> opened accounts from
    /// <paramref name="from"/> (inclusive, ordinal key order), and whether the replica has finished
    /// its catch-up after a start (answered even while catching up, so peers can compare). Pages
    /// keep each message bounded however many accounts the bank holds.
    /// </summary>
    Task<ReplicaInventory> Inventory(string from, int limit);

    /// <summary>
    /// This replica's range summaries (<c>DigestRanges</c>), kept as it commits, and whether it
    /// has finished its catch-up: compared before any page, so that anti-entropy and
    /// <c>admin verify</c> read only the ranges where replicas differ.
    /// </summary>
    Task<ReplicaSummary> Summary();

    /// <summary>The digest of one account, or null if this replica has never opened it.</summary>
    Task<ReplicaDigest?> Digest(string account);

    /// <summary>
    /// The digests of the listed accounts this replica has opened (in the listed order; unopened
    /// ones are left out) and whether it has finished its catch-up: <see cref="Inventory"/> for
    /// named accounts, such as those anti-entropy was told to check first. At most
    /// <see cref="MaxVersionKeys"/> accounts.
    /// </summary>
    Task<ReplicaInventory> DigestsOf(IReadOnlyList<string> accounts);

    /// <summary>This replica's file identity and standing (ARCHITECTURE §5b): what a starting replica asks its peers.</summary>
    Task<ReplicaStanding> Standing();

    /// <summary>
    /// One page of promises: every object row this replica holds from <paramref name="from"/>
    /// (inclusive, ordinal), promise-only rows included, at most <paramref name="limit"/>; a
    /// recovering peer raises its own promises to them before it votes.
    /// </summary>
    Task<IReadOnlyList<AccountPromise>> Promises(string from, int limit);

    /// <summary>
    /// Sets or clears the frozen flag of the listed opened accounts (reconciliation only): a
    /// frozen account refuses accepts (<see cref="AcceptStatus.Frozen"/>), so writes answer
    /// "unavailable" until its replicas can be reconciled.
    /// </summary>
    Task SetFrozen(IReadOnlyList<string> accounts, bool frozen);
}
