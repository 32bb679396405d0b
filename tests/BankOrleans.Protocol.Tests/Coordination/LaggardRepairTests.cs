using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>
/// After a majority decides, the third replica gets the committed rows only if it does not apply
/// the accept itself: a slow replica is not sent a second copy of what it is about to write.
/// </summary>
public sealed class LaggardRepairTests
{
    private const string Account = "1000000001";
    private const string Other = "1000000002";

    [Fact]
    public async Task A_replica_whose_accept_lands_after_the_decision_is_not_sent_an_install()
    {
        var (deposit, installs, peers) = await DepositWithThirdAcceptHeldAsync(held => held.Release());

        Assert.Equal(CoordinatorVerdict.Committed, deposit.Verdict);
        Assert.Equal(0, installs);
        Assert.Equal(500, peers.Replica(3).Accounts.Single(a => a.Account == Account).BalanceCents);
    }

    [Fact]
    public async Task A_replica_that_missed_the_accept_is_repaired_with_the_committed_rows()
    {
        var reported = new List<IReadOnlyList<string>>();
        var (deposit, installs, peers) = await DepositWithThirdAcceptHeldAsync(held => held.Drop(), onLaggardLeft: reported.Add);

        Assert.Equal(CoordinatorVerdict.Committed, deposit.Verdict);
        Assert.Equal(1, installs);
        Assert.Equal(500, peers.Replica(3).Accounts.Single(a => a.Account == Account).BalanceCents);
        Assert.Empty(reported);
    }

    [Fact]
    public async Task A_replica_that_missed_a_transfer_between_accounts_prepared_apart_is_repaired_under_each_accounts_ballot()
    {
        // Each open prepares its account under a ballot of its own; the transfer then takes the
        // fast path with two ballots, and replica 3 never sees its accept.
        var peers = new HeldBackPeers();
        var coordinator = peers.Coordinator();
        foreach (var setup in new[] { Op("open-a", OperationKind.OpenAccount, 0, owner: "alice"), Op("open-z", OperationKind.OpenAccount, 0, owner: "alice", account: Other), Op("fund-a", OperationKind.Deposit, 900) })
        {
            Assert.Equal(CoordinatorVerdict.Committed, (await coordinator.ExecuteAsync(setup)).Verdict);
            await coordinator.LastRepair;
        }

        var held = peers.HoldAcceptsTo(3);
        var transfer = await coordinator.ExecuteAsync(new BankOperation("t-1", OperationKind.Transfer, Account, Other, 300, "alice", null, false, DateTimeOffset.UnixEpoch));
        held.Drop();
        await coordinator.LastRepair;

        Assert.Equal(CoordinatorVerdict.Committed, transfer.Verdict);
        var majority = peers.Replica(1).Accounts.Where(a => a.Account is Account or Other).OrderBy(a => a.Account).ToArray();
        Assert.NotEqual(majority[0].AcceptedBallot, majority[1].AcceptedBallot);
        Assert.Equal(majority, peers.Replica(3).Accounts.Where(a => a.Account is Account or Other).OrderBy(a => a.Account).ToArray());
        Assert.Equal((600L, 300L), (majority[0].BalanceCents, majority[1].BalanceCents));
    }

    [Fact]
    public async Task A_replica_left_without_a_committed_write_is_reported_for_anti_entropy()
    {
        var reported = new List<IReadOnlyList<string>>();
        var (deposit, installs, peers) = await DepositWithThirdAcceptHeldAsync(held => held.Drop(), failInstalls: true, reported.Add);

        Assert.Equal(CoordinatorVerdict.Committed, deposit.Verdict);
        Assert.Equal(1, installs);
        Assert.Equal(0, peers.Replica(3).Accounts.Single(a => a.Account == Account).BalanceCents);
        Assert.Equal([Account], Assert.Single(reported));
    }

    // Opens the account, then deposits while replica 3's accept is held; once the majority has
    // decided, `settle` lets that accept through or drops it. Returns the deposit's result and
    // how many installs replica 3 got for it.
    // With `failInstalls`, every install to replica 3 after the open fails too.
    private static async Task<(CoordinatorResult Deposit, int Installs, HeldBackPeers Peers)> DepositWithThirdAcceptHeldAsync(
        Action<Gate> settle, bool failInstalls = false, Action<IReadOnlyList<string>>? onLaggardLeft = null)
    {
        var peers = new HeldBackPeers();
        var coordinator = peers.Coordinator(onLaggardLeft: onLaggardLeft);
        var opened = await coordinator.ExecuteAsync(Op("open-1", OperationKind.OpenAccount, 0, owner: "alice"));
        Assert.Equal(CoordinatorVerdict.Committed, opened.Verdict);
        await coordinator.LastRepair;
        var installsBefore = peers.InstallsTo(3);
        if (failInstalls)
        {
            peers.FailInstallsTo(3);
        }

        var held = peers.HoldAcceptsTo(3);
        var deposit = await coordinator.ExecuteAsync(Op("deposit-1", OperationKind.Deposit, 500));
        settle(held);
        await coordinator.LastRepair;

        return (deposit, peers.InstallsTo(3) - installsBefore, peers);
    }

    private static BankOperation Op(string txId, OperationKind kind, long amountCents, string? owner = null, string account = Account) =>
        new(txId, kind, account, null, amountCents, "alice", owner, false, DateTimeOffset.UnixEpoch);
}
