using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Tests.Reconciliation;

/// <summary>What one anti-entropy pass does with what the survey finds (the decisions production's grain and the simulator run).</summary>
public sealed class AntiEntropyPassTests
{
    private static readonly AntiEntropyPassOptions Options = new() { PageSize = 2, SecondLookDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_master_behind_the_other_two_is_repaired_through_the_reachable_masters()
    {
        var peers = new Peers();
        peers.Hold(1, "a", 3, 300, "h3");
        peers.Hold(2, "a", 3, 300, "h3");
        peers.Hold(3, "a", 2, 200, "h2");
        peers.Hold(1, "b", 1, 100, "hb");
        peers.Hold(2, "b", 1, 100, "hb");
        peers.Hold(3, "b", 1, 100, "hb");

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(["a"], pass.Repaired);
        Assert.Equal(new[] { ("a", "1,2,3") }, peers.Repairs);
        // "b" is a range of its own on which the summaries agree: it is not read.
        Assert.Equal(1, pass.Compared);
        Assert.Empty(pass.Frozen);
    }

    [Fact]
    public async Task Two_masters_at_one_version_with_different_heads_are_repaired_not_taken_as_agreeing()
    {
        var peers = new Peers();
        peers.Hold(1, "a", 3, 300, "chosen");
        peers.Hold(2, "a", 3, 250, "not-chosen");
        peers.Hold(3, "a", 3, 300, "chosen");

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(["a"], pass.Repaired);
    }

    [Fact]
    public async Task A_failed_repair_becomes_a_suspect_compared_first_by_the_next_pass()
    {
        var peers = new Peers { RepairWorks = false };
        peers.Hold(1, "a", 3, 300, "h3");
        peers.Hold(2, "a", 3, 300, "h3");
        peers.Hold(3, "a", 2, 200, "h2");
        var antiEntropy = new AntiEntropyPass(peers, Options, TimeProvider.System);

        var first = await antiEntropy.RunAsync();
        peers.RepairWorks = true;
        var second = await antiEntropy.RunAsync();

        Assert.Equal(["a"], first.Failed);
        Assert.Equal(["a"], second.Suspects);
        Assert.Contains("a", second.Repaired);
    }

    [Fact]
    public async Task A_master_that_contradicts_its_ledger_with_the_third_down_freezes_the_account_on_the_reachable_masters()
    {
        var peers = new Peers();
        peers.Hold(1, "a", 3, 300, "h3");
        peers.Hold(2, "a", 3, 999, "h3", intact: false);
        peers.Down.Add(3);

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(["a"], pass.Frozen.Select(f => f.Account));
        Assert.Empty(pass.Repaired);
        Assert.Equal(new[] { (1, "a", true), (2, "a", true) }, peers.FrozenCalls);
    }

    [Fact]
    public async Task Fewer_than_two_masters_answering_leaves_the_account_alone()
    {
        var peers = new Peers();
        peers.Hold(1, "a", 3, 300, "h3");
        peers.Down.UnionWith([2, 3]);

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.False(pass.ActedOnAnything);
        Assert.Empty(peers.Repairs);
        Assert.Empty(peers.FrozenCalls);
    }

    [Fact]
    public async Task A_pass_over_agreeing_masters_reads_no_page()
    {
        var peers = new Peers();
        foreach (var master in new[] { 1, 2, 3 })
        {
            peers.Hold(master, "1000000001", 3, 300, "h3");
            peers.Hold(master, "2000000001", 1, 100, "hb");
        }

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(0, pass.Compared);
        Assert.Empty(peers.PagesRead);
    }

    [Fact]
    public async Task A_pass_reads_only_the_range_whose_summaries_differ()
    {
        var peers = new Peers();
        foreach (var master in new[] { 1, 2, 3 })
        {
            peers.Hold(master, "1000000001", 3, 300, "h3");
            peers.Hold(master, "1000000002", 3, 300, "h3");
            peers.Hold(master, "2000000001", 1, 100, "hb");
        }

        peers.Hold(1, "2000000002", 2, 200, "hc");
        peers.Hold(2, "2000000002", 2, 200, "hc");
        peers.Hold(3, "2000000002", 1, 100, "hd");

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(2, pass.Compared);
        Assert.All(peers.PagesRead, from => Assert.StartsWith("200", from, StringComparison.Ordinal));
        Assert.Equal(["2000000002"], pass.Repaired);
    }

    [Fact]
    public async Task A_range_whose_summaries_agree_on_a_second_look_is_not_read()
    {
        var peers = new Peers();
        foreach (var master in new[] { 1, 2, 3 })
        {
            peers.Hold(master, "1000000001", 3, 300, "h3");
        }

        // Master 3 waits for an accept in flight; it lands before the pass looks again.
        peers.Hold(3, "1000000001", 2, 200, "h2");
        peers.BeforeSecondLook = () => peers.Hold(3, "1000000001", 3, 300, "h3");

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Empty(peers.PagesRead);
        Assert.Equal(0, pass.Compared);
        Assert.Empty(pass.Repaired);
        Assert.True(pass.SummariesAgreed);
    }

    [Fact]
    public async Task A_differing_range_is_read_in_a_page_sized_to_the_range_not_a_full_page()
    {
        // Production's page is 2,500 accounts; range "100" holds 40, range "101" after it 100 more.
        var peers = new Peers();
        foreach (var master in new[] { 1, 2, 3 })
        {
            for (var i = 0; i < 40; i++)
            {
                peers.Hold(master, $"10000000{i:D2}", 1, 100, "h1");
            }

            for (var i = 0; i < 100; i++)
            {
                peers.Hold(master, $"10100000{i:D2}", 1, 100, "h1");
            }
        }

        peers.Hold(3, "1000000039", 2, 200, "h2");

        var pass = await new AntiEntropyPass(peers, new AntiEntropyPassOptions { SecondLookDelay = TimeSpan.Zero }, TimeProvider.System).RunAsync();

        Assert.Equal(["1000000039"], pass.Repaired);
        Assert.Equal(40, pass.Compared);
        // One call per master, each for the range's 40 accounts and the first key past it.
        Assert.Equal([41, 41, 41], peers.PageLimits);
    }

    [Fact]
    public async Task A_master_that_does_not_answer_its_summary_sends_the_pass_through_every_page()
    {
        var peers = new Peers { SummariesFail = true };
        foreach (var master in new[] { 1, 2, 3 })
        {
            peers.Hold(master, "1000000001", 3, 300, "h3");
            peers.Hold(master, "2000000001", 1, 100, "hb");
        }

        var pass = await new AntiEntropyPass(peers, Options, TimeProvider.System).RunAsync();

        Assert.Equal(2, pass.Compared);
        Assert.Contains("", peers.PagesRead);
    }

    // Three masters' digests in memory; a master that is down fails every call. No reader.
    private sealed class Peers : IAntiEntropyPeers
    {
        private readonly Dictionary<int, SortedDictionary<string, ReplicaDigest>> _held = new()
        {
            [1] = new(StringComparer.Ordinal), [2] = new(StringComparer.Ordinal), [3] = new(StringComparer.Ordinal),
        };

        public HashSet<int> Down { get; } = [];

        public bool RepairWorks { get; set; } = true;

        public bool SummariesFail { get; init; }

        public List<string> PagesRead { get; } = [];

        public List<int> PageLimits { get; } = [];

        /// <summary>Runs when the pass asks for the masters' summaries a second time.</summary>
        public Action? BeforeSecondLook { get; set; }

        private int _summaryCalls;

        public List<(string Account, string Masters)> Repairs { get; } = [];

        public List<(int Master, string Account, bool Frozen)> FrozenCalls { get; } = [];

        public string ReaderName => "reader";

        public void Hold(int master, string account, long version, long balance, string head, bool intact = true) =>
            _held[master][account] = new ReplicaDigest(account, version, balance, head, false, intact);

        public string MasterName(int master) => $"master-{master}";

        public bool ReaderHolds(string account) => false;

        public Task<ReplicaInventory> MasterInventoryAsync(int master, string from, int limit)
        {
            PagesRead.Add(from);
            PageLimits.Add(limit);
            return Answer(master, () => new ReplicaInventory(true, _held[master].Values.Where(d => string.CompareOrdinal(d.Account, from) >= 0).Take(limit).ToArray()));
        }

        public Task<ReplicaSummary> MasterSummaryAsync(int master)
        {
            // Each look asks masters 1, 2 and 3.
            if (++_summaryCalls == 4)
            {
                BeforeSecondLook?.Invoke();
            }

            return SummariesFail
                ? Task.FromException<ReplicaSummary>(new TimeoutException("no summary"))
                : Answer(master, () => new ReplicaSummary(true, RangeSummary.Of(_held[master].Values.Select(d =>
                    new AccountState(d.Account, "", d.BalanceCents, d.Version, d.Head, Ballot.Zero, Ballot.Zero, d.Frozen))).Ranges()));
        }

        public Task<ReplicaSummary> ReaderSummaryAsync() => Task.FromException<ReplicaSummary>(new InvalidOperationException("no reader"));

        public Task<ReplicaInventory> ReaderInventoryAsync(string from, int limit) =>
            Task.FromException<ReplicaInventory>(new InvalidOperationException("no reader"));

        public Task<ReplicaInventory> DigestsOfAsync(int master, IReadOnlyList<string> accounts) =>
            Answer(master, () => new ReplicaInventory(true, accounts.Where(_held[master].ContainsKey).Select(a => _held[master][a]).ToArray()));

        public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
            Answer<IReadOnlyList<LedgerEntry>>(master, () => []);

        public Task SetFrozenAsync(int master, IReadOnlyList<string> accounts, bool frozen) =>
            Answer(master, () =>
            {
                FrozenCalls.AddRange(accounts.Select(a => (master, a, frozen)));
                return true;
            });

        public Task<bool> RepairAsync(string account, IReadOnlyList<int> reachable)
        {
            Repairs.Add((account, string.Join(",", reachable)));
            if (RepairWorks)
            {
                var top = reachable.Select(m => _held[m][account]).MaxBy(d => d.Version)!;
                foreach (var master in reachable)
                {
                    _held[master][account] = top;
                }
            }

            return Task.FromResult(RepairWorks);
        }

        private Task<T> Answer<T>(int master, Func<T> answer) =>
            Down.Contains(master) ? Task.FromException<T>(new TimeoutException($"master-{master} is down")) : Task.FromResult(answer());
    }
}
