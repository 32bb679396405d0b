using BankOrleans.Contracts;
using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>The seed's write-path cases on the real grains, with every master up.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class WritePathTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Deposit_on_a_free_account_commits_on_every_replica()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);

        var result = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 5_55, alice.Session);

        Assert.True(result.Ok, result.Message);
        var after = Assert.Single(result.Accounts);
        Assert.Equal((account, 15_55L, 3L), (after.Account, after.BalanceCents, after.Version));
        // A committed write is on a majority at once; the laggard (if any) is repaired right after.
        var replicas = await Eventually.ReturnsAsync(
            () => Task.WhenAll(Enumerable.Range(1, 3).Select(n => Grains.GetGrain<IReplicaGrain>(n).GetAccount(account))),
            states => states.All(s => s is { Version: 3, BalanceCents: 15_55 }),
            "all three replicas at version 3");
        Assert.All(replicas, s => Assert.Equal(replicas[0]!.Head, s!.Head));
    }

    [Fact]
    public async Task An_open_with_a_deposit_is_one_write_that_starts_the_balance_on_every_replica()
    {
        var alice = await Customer.RegisterAsync(Grains);

        var (result, account) = await AccountOpening.OpenAsync(Grains, Accounts.NewRequestId(), alice.Session, 42_50);

        Assert.True(result.Ok, result.Message);
        var opened = Assert.Single(result.Accounts);
        Assert.Equal((account, 42_50L, 1L), (opened.Account, opened.BalanceCents, opened.Version));
        var statement = await Grains.GetGrain<IAccountGrain>(account).ReadHistory(alice.Session, 10);
        var line = Assert.Single(statement.Lines);
        Assert.Equal(("open", 42_50L, 42_50L), (line.Kind, line.AmountCents, line.BalanceAfterCents));
        await Eventually.ReturnsAsync(
            () => Task.WhenAll(Enumerable.Range(1, 3).Select(n => Grains.GetGrain<IReplicaGrain>(n).GetAccount(account))),
            states => states.All(s => s is { Version: 1, BalanceCents: 42_50 }),
            "all three replicas at version 1 with the deposit");
    }

    [Fact]
    public async Task An_open_with_an_amount_over_the_per_operation_limit_is_bad_input()
    {
        var alice = await Customer.RegisterAsync(Grains);

        var (result, _) = await AccountOpening.OpenAsync(Grains, Accounts.NewRequestId(), alice.Session, Money.MaxPerOperation.Cents + 1);

        Assert.False(result.Ok);
        Assert.Equal(ErrorCodes.BadInput, result.Error);
    }

    [Fact]
    public async Task Withdraw_beyond_balance_is_rejected_and_changes_nothing()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);

        var result = await AccountWrites.Of(Grains).Withdraw(Accounts.NewRequestId(), account, 10_01, alice.Session);

        Assert.False(result.Ok);
        Assert.Equal(ErrorCodes.InsufficientFunds, result.Error);
        var view = await Grains.GetGrain<IAccountGrain>(account).ReadBalance(alice.Session);
        Assert.Equal((10_00L, 2L), (view.BalanceCents, view.Version));
    }

    [Fact]
    public async Task The_same_request_id_is_applied_once_and_answers_the_original_outcome()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 0, alice.Session);
        var requestId = Accounts.NewRequestId();

        var first = await AccountWrites.Of(Grains).Deposit(requestId, account, 7_00, alice.Session);
        var again = await AccountWrites.Of(Grains).Deposit(requestId, account, 7_00, alice.Session);
        await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 1_00, alice.Session);
        var late = await AccountWrites.Of(Grains).Deposit(requestId, account, 7_00, alice.Session);

        Assert.True(first.Ok && again.Ok && late.Ok);
        Assert.Equal(first.Accounts, again.Accounts);
        Assert.Equal(first.Accounts, late.Accounts);
        Assert.Equal(8_00, await Accounts.BalanceAsync(Grains, account, alice.Session));
    }

    [Fact]
    public async Task A_write_waits_for_a_lease_held_by_another_coordinator_then_proceeds()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 1_00, alice.Session);
        var councils = Enumerable.Range(1, 3).Select(n => Grains.GetGrain<ILockCouncilGrain>(n)).ToArray();
        var held = await Task.WhenAll(councils.Select(c => c.RequestLease(new LeaseRequest("intruder", [account], null))));
        Assert.All(held, h => Assert.True(h.Granted));

        var deposit = AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 2_00, alice.Session);
        await Task.WhenAll(councils.Select(c => c.ReleaseLease("intruder", [account])));
        var result = await deposit;

        Assert.True(result.Ok, result.Message);
        Assert.Equal(3_00, result.Accounts[0].BalanceCents);
    }

    [Fact]
    public async Task A_lease_left_by_a_dead_coordinator_expires_and_the_account_is_usable_again()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 1_00, alice.Session);
        // A coordinator that locked the account on every member and then died: it never releases.
        foreach (var n in Enumerable.Range(1, 3))
        {
            Assert.True((await Grains.GetGrain<ILockCouncilGrain>(n).RequestLease(new LeaseRequest("dead-coordinator", [account], null))).Granted);
        }

        var result = await AccountWrites.Of(Grains).Withdraw(Accounts.NewRequestId(), account, 50, alice.Session);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(50, result.Accounts[0].BalanceCents);
    }

    [Fact]
    public async Task Opposite_transfers_at_once_neither_deadlock_nor_lose_money()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var a = await Accounts.OpenFundedAsync(Grains, 1_000_00, alice.Session);
        var b = await Accounts.OpenFundedAsync(Grains, 1_000_00, alice.Session);

        var transfers = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? AccountWrites.Of(Grains).Transfer(Accounts.NewRequestId(), a, b, 1_00 + i, alice.Session)
            : AccountWrites.Of(Grains).Transfer(Accounts.NewRequestId(), b, a, 2_00 + i, alice.Session));
        var results = await Task.WhenAll(transfers);

        Assert.All(results, r => Assert.True(r.Ok, r.Message));
        var total = await Accounts.BalanceAsync(Grains, a, alice.Session) + await Accounts.BalanceAsync(Grains, b, alice.Session);
        Assert.Equal(2_000_00, total);
        var expectedA = 1_000_00 - Enumerable.Range(0, 20).Where(i => i % 2 == 0).Sum(i => 1_00 + i) + Enumerable.Range(0, 20).Where(i => i % 2 == 1).Sum(i => 2_00 + i);
        Assert.Equal(expectedA, await Accounts.BalanceAsync(Grains, a, alice.Session));
    }

    [Fact]
    public async Task Transfer_to_an_unknown_account_is_rejected_on_every_replica()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var a = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);

        var result = await AccountWrites.Of(Grains).Transfer(Accounts.NewRequestId(), a, "9999999999", 1_00, alice.Session);

        Assert.Equal(ErrorCodes.InvalidAccount, result.Error);
        Assert.Equal(5_00, await Accounts.BalanceAsync(Grains, a, alice.Session));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(100_000_000_001L)]
    public async Task Amounts_outside_the_limits_are_bad_input_and_change_nothing(long cents)
    {
        var alice = await Customer.RegisterAsync(Grains);
        var a = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);

        var result = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), a, cents, alice.Session);

        Assert.Equal(ErrorCodes.BadInput, result.Error);
        var view = await Grains.GetGrain<IAccountGrain>(a).ReadBalance(alice.Session);
        Assert.Equal((5_00L, 2L), (view.BalanceCents, view.Version));
    }
}
