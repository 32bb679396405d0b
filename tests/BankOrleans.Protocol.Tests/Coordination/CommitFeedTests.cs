using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>
/// What a coordinator hands to the read-replica feed (its onCommitted hook): the rows of every
/// operation it answers committed, also when a retry finds the operation already applied, since
/// the first attempt's coordinator may have died (or its one-way feed been lost) before feeding it.
/// </summary>
public sealed class CommitFeedTests
{
    private const string Account = "1000000001";
    private const string Other = "1000000002";

    [Fact]
    public async Task A_committed_write_is_fed_once_with_its_rows()
    {
        var peers = new HeldBackPeers();
        var fed = new List<IReadOnlyList<LedgerEntry>>();
        var coordinator = peers.Coordinator(onCommitted: fed.Add);

        Assert.Equal(CoordinatorVerdict.Committed, (await coordinator.ExecuteAsync(Op("open-1", OperationKind.OpenAccount, 0, owner: "alice"))).Verdict);

        Assert.Equal(peers.Replica(1).Ledger(Account).ToArray(), Assert.Single(fed));
    }

    [Fact]
    public async Task A_retry_that_finds_the_write_already_applied_feeds_its_committed_rows()
    {
        // The first attempt commits, but its coordinator's feed never reaches the reader.
        var peers = new HeldBackPeers();
        var first = peers.Coordinator(id: "first");
        Assert.Equal(CoordinatorVerdict.Committed, (await first.ExecuteAsync(Op("open-1", OperationKind.OpenAccount, 0, owner: "alice"))).Verdict);
        Assert.Equal(CoordinatorVerdict.Committed, (await first.ExecuteAsync(Op("deposit-1", OperationKind.Deposit, 500))).Verdict);
        await first.LastRepair;

        // The client retries the same request id through another coordinator.
        var fed = new List<IReadOnlyList<LedgerEntry>>();
        var retry = await peers.Coordinator(onCommitted: fed.Add, id: "second").ExecuteAsync(Op("deposit-1", OperationKind.Deposit, 500));

        Assert.Equal(CoordinatorVerdict.Committed, retry.Verdict);
        var committed = peers.Replica(1).Ledger(Account).Single(r => r.TxId == "deposit-1");
        Assert.Equal([committed], Assert.Single(fed));
    }

    [Fact]
    public async Task A_retried_transfer_already_applied_feeds_both_legs_together()
    {
        var peers = new HeldBackPeers();
        var first = peers.Coordinator(id: "first");
        foreach (var op in new[]
        {
            Op("open-a", OperationKind.OpenAccount, 0, owner: "alice"),
            Op("open-z", OperationKind.OpenAccount, 0, owner: "alice", account: Other),
            Op("fund-a", OperationKind.Deposit, 900),
            new BankOperation("t-1", OperationKind.Transfer, Account, Other, 300, "alice", null, false, DateTimeOffset.UnixEpoch),
        })
        {
            Assert.Equal(CoordinatorVerdict.Committed, (await first.ExecuteAsync(op)).Verdict);
            await first.LastRepair;
        }

        var fed = new List<IReadOnlyList<LedgerEntry>>();
        var retry = await peers.Coordinator(onCommitted: fed.Add, id: "second")
            .ExecuteAsync(new BankOperation("t-1", OperationKind.Transfer, Account, Other, 300, "alice", null, false, DateTimeOffset.UnixEpoch));

        Assert.Equal(CoordinatorVerdict.Committed, retry.Verdict);
        var legs = new[] { Account, Other }.Select(a => peers.Replica(1).Ledger(a).Single(r => r.TxId == "t-1")).ToArray();
        Assert.Equal(legs, Assert.Single(fed).OrderBy(r => r.Account, StringComparer.Ordinal).ToArray());
    }

    private static BankOperation Op(string txId, OperationKind kind, long amountCents, string? owner = null, string account = Account) =>
        new(txId, kind, account, null, amountCents, "alice", owner, false, DateTimeOffset.UnixEpoch);
}
