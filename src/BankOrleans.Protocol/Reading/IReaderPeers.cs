using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// How the reader reaches the masters (numbered 1..3) to fill what the feed did not bring: grain
/// calls in production, the scheduled network in the simulator. Any call may fail or never answer.
/// </summary>
public interface IReaderPeers
{
    /// <summary>Master <paramref name="master"/>'s rows of <paramref name="account"/> above <paramref name="afterVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit);

    /// <summary>
    /// The account's chosen state by a majority read (completing an unfinished write first if
    /// needed), or null if no majority answered.
    /// </summary>
    Task<AccountState?> ReadChosenAsync(string account);

    /// <summary>Master <paramref name="master"/>'s range summaries and whether it is ready (its <c>IReplicaGrain.Summary</c>).</summary>
    Task<ReplicaSummary> SummaryAsync(int master);

    /// <summary>One page of master <paramref name="master"/>'s digests, from <paramref name="from"/> (inclusive, ordinal), at most <paramref name="limit"/>.</summary>
    Task<ReplicaInventory> InventoryAsync(int master, string from, int limit);
}
