using BankOrleans.Chaos.Checks;
using BankOrleans.Chaos.History;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Chaos.Tests;

/// <summary>The checker itself, on hand-made histories: it must catch what it promises to catch.</summary>
public sealed class HistoryCheckerTests
{
    private const string A = "1000000001";
    private const string B = "1000000002";
    private static readonly string[] Accounts = [A, B];

    [Fact]
    public void A_clean_history_passes_every_check()
    {
        var results = Check(Ledgers(withTransfer: true, masters: 3), Acked("t1", v: 2), Snapshot(900, 2, 1100, 2));

        Assert.All(results, r => Assert.True(r.Ok, r.Name + ": " + r.Detail));
    }

    [Fact]
    public void An_acknowledged_transfer_on_one_master_only_is_caught()
    {
        var byMaster = Ledgers(withTransfer: false, masters: 3);
        byMaster[1] = Ledgers(withTransfer: true, masters: 1)[1];

        var results = Check(byMaster, Acked("t1", v: 2), Snapshot(1000, 1, 1000, 1));

        Assert.False(Find(results, "acknowledged_in_majority").Ok);
    }

    [Fact]
    public void A_snapshot_that_does_not_sum_to_the_funded_total_is_caught()
    {
        var results = Check(Ledgers(withTransfer: true, masters: 3), Acked("t1", v: 2), Snapshot(900, 2, 1000, 1));

        Assert.True(Find(results, "snapshot_sums").Ok, "a cut inside a transfer is corrected by its amount in flight");
        results = Check(Ledgers(withTransfer: true, masters: 3), Acked("t1", v: 2), Snapshot(900, 2, 1200, 2));
        Assert.False(Find(results, "snapshot_sums").Ok);
    }

    [Fact]
    public void A_definitely_failed_transfer_in_a_ledger_is_caught()
    {
        var record = Acked("t1", v: 2) with { Outcome = TransferOutcome.Failed, Error = "unavailable", Accounts = [] };

        var results = Check(Ledgers(withTransfer: true, masters: 3), record, Snapshot(900, 2, 1100, 2));

        Assert.False(Find(results, "acknowledged_in_majority").Ok);
    }

    private static CheckResult Find(IReadOnlyList<CheckResult> results, string name) => results.Single(r => r.Name == name);

    private static IReadOnlyList<CheckResult> Check(
        Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> byMaster, TransferRecord transfer, SnapshotRecord snapshot)
    {
        var history = new RunHistory();
        history.Add(transfer);
        history.Add(snapshot);
        return new HistoryChecker(history, FinalLedgers.From(byMaster, Accounts), Accounts, 2000).Run();
    }

    private static TransferRecord Acked(string txId, long v) =>
        new(txId, A, B, 100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TransferOutcome.Acknowledged, null,
            [new AccountBalance(A, 900, v), new AccountBalance(B, 1100, v)], "master-1", 1);

    private static SnapshotRecord Snapshot(long a, long va, long b, long vb) =>
        new("masters", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4),
            [new BalanceRead(A, true, a, va, "master-1", null), new BalanceRead(B, true, b, vb, "master-1", null)]);

    private static Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> Ledgers(bool withTransfer, int masters)
    {
        var result = new Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>>();
        for (var m = 1; m <= masters; m++)
        {
            var a = new List<LedgerEntry> { Row("open-a", A, 1, EntryKind.Deposit, null, 0, 1000, 1000, "") };
            var b = new List<LedgerEntry> { Row("open-b", B, 1, EntryKind.Deposit, null, 0, 1000, 1000, "") };
            if (withTransfer)
            {
                a.Add(Row("t1", A, 2, EntryKind.TransferOut, B, 2, 100, 900, a[0].Hash));
                b.Add(Row("t1", B, 2, EntryKind.TransferIn, A, 2, 100, 1100, b[0].Hash));
            }

            result[m] = new() { [A] = a, [B] = b };
        }

        return result;
    }

    private static LedgerEntry Row(string tx, string account, long version, EntryKind kind, string? counterparty, long counterpartyVersion, long amount, long after, string prev) =>
        new(tx, account, version, kind, counterparty, counterpartyVersion, amount, after, "chaos", DateTimeOffset.UnixEpoch, prev, $"{account}-{version}-{tx}");
}
