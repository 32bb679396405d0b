using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The read replica's file as <see cref="ReaderReplication"/> sees it: the reader silo's SQLite
/// file in production, memory in the simulator. Every write goes through <see cref="ReadReplicaRules"/>.
/// </summary>
public interface IReaderStore
{
    /// <summary>Applies a batch of committed rows in one transaction, or nothing (<see cref="ReadReplicaRules.Apply"/>).</summary>
    ReaderApplyResult Apply(IReadOnlyList<LedgerEntry> rows);

    /// <summary>Replaces the reader's copy of <paramref name="account"/> with its chosen history (<see cref="ReadReplicaRules.Rebuild"/>).</summary>
    void Rebuild(string account, IReadOnlyList<LedgerEntry> history);

    /// <summary>The account's state on the reader (its version and head), or null if the reader does not hold it.</summary>
    AccountState? GetAccount(string account);

    /// <summary>The account's digest on the reader, or null if the reader does not hold it.</summary>
    ReplicaDigest? Digest(string account);

    /// <summary>The reader's range summaries (<c>DigestRanges</c>), as a master keeps its own.</summary>
    IReadOnlyList<RangeDigest> Summary();

    /// <summary>The digests of every account the reader holds.</summary>
    IReadOnlyList<ReplicaDigest> Digests();

    /// <summary>Called after rows of <paramref name="accounts"/> were applied (wakes read-your-writes waiters).</summary>
    void Applied(IEnumerable<string> accounts);
}
