using BankOrleans.Contracts.Replication;
using Orleans.Concurrency;

namespace BankOrleans.Contracts.Reading;

/// <summary>
/// The read replica on the reader silo (key 0), over <c>data/reader.db</c> (ARCHITECTURE §4).
/// It holds committed operations only, applied per account in version order; a gap is filled
/// from the masters' chosen history before the rows after it are applied.
/// </summary>
public interface IReadReplicaGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Feeds one committed operation (one-way: the coordinator never waits for the reader).
    /// Rows already held are ignored; rows after a gap wait until the gap is filled from a master.
    /// </summary>
    [OneWay]
    Task Apply(CommittedRows committed);

    /// <summary>
    /// Feeds several committed operations, in order, in one SQLite transaction (the batched feed).
    /// Answers once they are applied (an operation after a gap first waits for the gap to be filled,
    /// as in <see cref="Apply"/>), so a master's feed has one batch in flight and the next one grows
    /// while the reader is busy. Per operation: whether it applied without a gap to fill.
    /// </summary>
    Task<IReadOnlyList<bool>> ApplyMany(IReadOnlyList<CommittedRows> batch);

    /// <summary>
    /// The heartbeat's fill (feed rule): brings each marked account up to at least its marked
    /// version from the masters' chosen history, the one-way feed having lost it. Returns whether
    /// every account got there.
    /// </summary>
    Task<bool> Reach(IReadOnlyList<CommitMark> marks);

    /// <summary>
    /// The heartbeat's restart rule: makes sure a catch-up pass (as <see cref="CatchUp"/>'s) that
    /// began at or after <paramref name="since"/> (this silo's clock) has finished, running one if
    /// the last finished pass began earlier. Returns whether one has.
    /// </summary>
    Task<bool> CaughtUpSince(DateTimeOffset since);

    /// <summary>
    /// Start-up catch-up: brings every account the masters hold up to their chosen state, then
    /// marks the reader ready to serve queries. Returns false (and stays not ready) when fewer
    /// than two masters answered or an account could not be brought up to date; call again.
    /// A reader that is already serving answers true at once.
    /// </summary>
    Task<bool> CatchUp();

    /// <summary>
    /// One page of the accounts the reader holds (at most <paramref name="limit"/> from
    /// <paramref name="from"/>, inclusive, ordinal) and whether it has finished its start-up catch-up.
    /// </summary>
    Task<ReplicaInventory> Inventory(string from, int limit);

    /// <summary>The reader's range summaries and whether it has finished its catch-up (as a master's <c>IReplicaGrain.Summary</c>).</summary>
    Task<ReplicaSummary> Summary();

    /// <summary>
    /// Re-reads the listed accounts from the masters' chosen history: fills what the reader lacks
    /// and rebuilds an account whose rows contradict the masters'. Returns the accounts it could
    /// not bring up to date.
    /// </summary>
    Task<IReadOnlyList<string>> Resync(IReadOnlyList<string> accounts);
}
