using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// One simulated master's anti-entropy: the production <see cref="AntiEntropyPass"/>, its
/// survey's calls over the simulated network (dropped, delayed, duplicated, cut by partitions
/// like any other message of that master), its repairs by the production coordinator of
/// <paramref name="host"/>. Its state (suspects, the sweep's position) is memory: a crash of the
/// master loses it, as the grain's activation would be lost. The reader, when the run has one, is
/// compared like production's (its summaries and pages, over the network); the caller re-feeds
/// what the pass finds it lacks.
/// </summary>
internal sealed class SimAntiEntropy(SimNode node, SimCoordinatorHost host, SimNetwork network, SimulationSettings settings, SimReader? reader) : IAntiEntropyPeers
{
    /// <summary>The bounds of a pass: production's, with pages small enough that the simulation's few accounts take several.</summary>
    public static readonly AntiEntropyPassOptions Options = new() { PageSize = 3 };

    private AntiEntropyPass? _pass;

    public SimNode Node => node;

    public SimCoordinatorHost Host => host;

    private AntiEntropyPass Pass => _pass ??= new AntiEntropyPass(this, Options, network.Loop.Time);

    // How many summaries the running pass has asked for: four per look (the masters and the reader,
    // asked even when the run has none), so the fifth on are its second look.
    private int _summaryCalls;

    /// <summary>One pass of this master's anti-entropy.</summary>
    public Task<AntiEntropyPassResult> RunPassAsync()
    {
        _summaryCalls = 0;
        return Pass.RunAsync();
    }

    public string ReaderName => "reader";

    public string MasterName(int master) => $"n{master}";

    public bool ReaderHolds(string account) => reader is not null && SimReader.Holds(account);

    public Task<ReplicaInventory> MasterInventoryAsync(int master, string from, int limit) =>
        Serving(master, n => new ReplicaInventory(n.Voting, Digests(n, n.Replica.Accounts
            .Where(a => a.Exists && string.CompareOrdinal(a.Account, from) >= 0)
            .Select(a => a.Account)
            .Order(StringComparer.Ordinal)
            .Take(InventoryPages.Checked(limit)))));

    public Task<ReplicaSummary> MasterSummaryAsync(int master)
    {
        var blind = SecondLookIsBlind();
        return Serving(master, n => new ReplicaSummary(n.Voting, blind ? [] : Summarised(RangeSummary.Of(n.Replica.Accounts.Select(Reported)).Ranges())));
    }

    // The reader's summaries and digests have the masters' format, so the format mutations apply to them too.
    public async Task<ReplicaSummary> ReaderSummaryAsync()
    {
        var blind = SecondLookIsBlind();
        var summary = await (reader?.SummaryAsync(host) ?? Task.FromException<ReplicaSummary>(new NotVotingException("the run has no reader")));
        return summary with { Ranges = blind ? [] : Summarised(summary.Ranges) };
    }

    // Mutation: every replica answers the pass's second look with no ranges, so all of them agree.
    private bool SecondLookIsBlind() => ++_summaryCalls > 4 && settings.SecondLookSeesAgreement;

    public async Task<ReplicaInventory> ReaderInventoryAsync(string from, int limit)
    {
        var inventory = await (reader?.InventoryAsync(host, from, limit) ?? Task.FromException<ReplicaInventory>(new NotVotingException("the run has no reader")));
        return inventory with { Accounts = inventory.Accounts.Select(Reported).ToArray() };
    }

    /// <summary>
    /// Production's re-feed after a pass (the anti-entropy grain's): the accounts the reader was
    /// found behind on are handed to its resync, one re-feed at a time, without waiting for it.
    /// </summary>
    public Task RefeedReaderAsync(IReadOnlyList<string> accounts)
    {
        if (reader is null || accounts.Count == 0 || settings.ReaderNeverRefeeds || !_refeed.IsCompleted)
        {
            return _refeed;
        }

        return _refeed = RefeedAsync(reader, accounts);
    }

    private async Task RefeedAsync(SimReader to, IReadOnlyList<string> accounts)
    {
        try
        {
            // Bounded like production's (the grain waits 30 s for the reader); the next pass retries.
            await to.ResyncAsync(host, accounts).WaitAsync(TimeSpan.FromSeconds(30), network.Loop.Time);
        }
        catch (TimeoutException)
        {
        }
    }

    private Task _refeed = Task.CompletedTask;

    public Task<ReplicaInventory> DigestsOfAsync(int master, IReadOnlyList<string> accounts) =>
        Serving(master, n => new ReplicaInventory(n.Voting, Digests(n, accounts.Where(a => n.Replica.Transact(s => s.Get(a)).Exists))));

    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
        Serving(master, n => n.Replica.Transact(s => s.EntriesAfter(account, afterVersion, limit)));

    public Task SetFrozenAsync(int master, IReadOnlyList<string> accounts, bool frozen) =>
        Serving(master, n => n.Replica.Transact(s => ReplicaRules.SetFrozen(s, accounts, frozen)));

    public Task<bool> RepairAsync(string account, IReadOnlyList<int> reachable) =>
        host.Coordinator.ReconcileAsync([account], reachable, host.CrashToken);

    // As production's replica grain: only a replica whose standing is normal answers these.
    private Task<T> Serving<T>(int master, Func<SimNode, T> handler) =>
        network.Call(host, master, n => n.Standing == StandingKind.Normal
            ? handler(n)
            : throw new NotVotingException($"n{master} ({n.Standing}) does not answer anti-entropy yet"));

    private IReadOnlyList<ReplicaDigest> Digests(SimNode n, IEnumerable<string> accounts) =>
        n.Replica.Transact(s => accounts.Select(a => ReplicaIntegrity.Digest(s, a)).Select(Reported).ToArray());

    // Mutation: the inventory carries versions only, so the comparison sees two masters at one
    // version as agreeing whatever their heads and balances.
    private ReplicaDigest Reported(ReplicaDigest digest) =>
        settings.AntiEntropyComparesVersionsOnly ? digest with { Head = "", BalanceCents = 0 } : digest;

    private AccountState Reported(AccountState state) =>
        settings.AntiEntropyComparesVersionsOnly ? state with { Head = "", BalanceCents = 0 } : state;

    // Mutation: summaries carry counts only, so ranges whose replicas hold as many accounts look
    // alike, and the pass never reads the pages where a master diverged.
    private IReadOnlyList<RangeDigest> Summarised(IReadOnlyList<RangeDigest> ranges) =>
        settings.SummariesCompareCountsOnly ? ranges.Select(r => r with { Sum = 0 }).ToArray() : ranges;
}
