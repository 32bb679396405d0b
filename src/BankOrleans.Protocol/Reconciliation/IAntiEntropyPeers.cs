using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// How a <see cref="ReplicaSurvey"/> reads the replicas: the three masters (numbered 1..3) and the
/// reader. Grains implement it with grain calls, the simulator with a scheduled network. Any call
/// may fail or never answer; the survey bounds each one and counts it as not answering.
/// </summary>
public interface IReplicaSurveyPeers
{
    /// <summary>The reader's name in observations and reports.</summary>
    string ReaderName { get; }

    /// <summary>Master <paramref name="master"/>'s name in observations and reports.</summary>
    string MasterName(int master);

    /// <summary>Whether the reader serves <paramref name="account"/> (it is compared there), rather than it being an object only masters hold.</summary>
    bool ReaderHolds(string account);

    /// <summary>One page of master <paramref name="master"/>'s digests, from <paramref name="from"/> (inclusive), at most <paramref name="limit"/>.</summary>
    Task<ReplicaInventory> MasterInventoryAsync(int master, string from, int limit);

    /// <summary>One page of the reader's digests, paged as <see cref="MasterInventoryAsync"/>.</summary>
    Task<ReplicaInventory> ReaderInventoryAsync(string from, int limit);

    /// <summary>Master <paramref name="master"/>'s range summaries (<see cref="DigestRanges"/>).</summary>
    Task<ReplicaSummary> MasterSummaryAsync(int master);

    /// <summary>The reader's range summaries.</summary>
    Task<ReplicaSummary> ReaderSummaryAsync();

    /// <summary>Master <paramref name="master"/>'s digests of the named accounts (at most <see cref="ReplicaSurvey.MaxNamedAccounts"/>).</summary>
    Task<ReplicaInventory> DigestsOfAsync(int master, IReadOnlyList<string> accounts);

    /// <summary>Master <paramref name="master"/>'s rows of <paramref name="account"/> above <paramref name="afterVersion"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit);
}

/// <summary>
/// What an <see cref="AntiEntropyPass"/> needs beyond reading: the two actions it takes on what
/// the survey found. Either may fail; the pass retries in a later pass.
/// </summary>
public interface IAntiEntropyPeers : IReplicaSurveyPeers
{
    /// <summary>Sets or clears the frozen flag of the accounts on master <paramref name="master"/>.</summary>
    Task SetFrozenAsync(int master, IReadOnlyList<string> accounts, bool frozen);

    /// <summary>
    /// Repairs <paramref name="account"/> by majority through the write path's own reconciliation
    /// (lease, promises, state transfer) to the <paramref name="reachable"/> masters; true once they hold the chosen state.
    /// </summary>
    Task<bool> RepairAsync(string account, IReadOnlyList<int> reachable);
}
