using BankOrleans.Contracts;
using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>The seed's failure cases: masters down, and a coordinator's silo dying after a commit.</summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class MasterFailureTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Writes_succeed_with_one_master_down_and_the_master_catches_up_when_it_returns()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var instance = await fixture.KillSiloAsync("master-3");
        try
        {
            // The test's client may still hold its connection to master-3's gateway: like the
            // console client, it asks again with the same request id, which cannot apply twice.
            var requestId = Accounts.NewRequestId();
            var result = await PastDeadGateways.CallAsync(() => AccountWrites.Of(Grains).Deposit(requestId, account, 1_00, alice.Session));

            Assert.True(result.Ok, result.Message);
            Assert.Equal(11_00, result.Accounts[0].BalanceCents);
        }
        finally
        {
            await fixture.StartSiloAsync(instance);
        }

        // The next write that touches the account repairs the returning replica.
        var next = await Eventually.ReturnsAsync(
            () => AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 1, alice.Session),
            r => r.Ok,
            "a write after master-3 returns");
        Assert.Equal(11_01, next.Accounts[0].BalanceCents);
    }

    [Fact]
    public async Task With_two_masters_down_a_write_is_never_committed_and_a_retry_after_they_return_applies_it_once()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var requestId = Accounts.NewRequestId();
        var second = await fixture.KillSiloAsync("master-2");
        var third = await fixture.KillSiloAsync("master-3");
        WriteResult result;
        try
        {
            result = await PastDeadGateways.CallAsync(() => AccountWrites.Of(Grains).Withdraw(requestId, account, 1_00, alice.Session));
        }
        finally
        {
            await fixture.StartSiloAsync(second);
            await fixture.StartSiloAsync(third);
        }

        // Unavailable when nothing was accepted. When the account's coordinator still held its
        // prepared ballot (and the session its lease), the surviving master accepted the
        // withdrawal: a later majority may complete it, so the honest answer is "unknown".
        Assert.False(result.Ok);
        Assert.Contains(result.Error, new[] { ErrorCodes.Unavailable, ErrorCodes.OutcomeUnknown });
        if (result.Error == ErrorCodes.Unavailable)
        {
            var untouched = await Eventually.ReturnsAsync(
                () => Grains.GetGrain<IAccountGrain>(account).ReadBalance(alice.Session), v => v.Ok, "a majority read after the masters return");
            Assert.Equal((10_00L, 2L), (untouched.BalanceCents, untouched.Version));
        }

        // Either way the customer's retry with the same request id gets one answer, paid once.
        var retried = await Eventually.ReturnsAsync(
            () => AccountWrites.Of(Grains).Withdraw(requestId, account, 1_00, alice.Session), r => r.Ok, "the retried withdrawal");
        var again = await AccountWrites.Of(Grains).Withdraw(requestId, account, 1_00, alice.Session);
        Assert.Equal(retried.Accounts, again.Accounts);
        var balance = await Grains.GetGrain<IAccountGrain>(account).ReadBalance(alice.Session);
        Assert.Equal((9_00L, 3L), (balance.BalanceCents, balance.Version));
    }

    [Fact]
    public async Task A_retry_after_the_coordinators_silo_dies_returns_the_original_outcome_without_paying_twice()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var requestId = Accounts.NewRequestId();
        var first = await AccountWrites.Of(Grains).Withdraw(requestId, account, 4_00, alice.Session);
        Assert.True(first.Ok, first.Message);

        // Kill the silo where the account's coordinator ran; the retry activates it elsewhere.
        var instance = await fixture.KillSiloAsync(first.ServedBy);
        try
        {
            var retry = await Eventually.ReturnsAsync(
                () => AccountWrites.Of(Grains).Withdraw(requestId, account, 4_00, alice.Session), r => r.Ok, "the retried withdrawal");
            Assert.Equal(first.Accounts, retry.Accounts);
            Assert.NotEqual(first.ServedBy, retry.ServedBy);
            Assert.Equal(6_00, await Accounts.BalanceAsync(Grains, account, alice.Session));
        }
        finally
        {
            await fixture.StartSiloAsync(instance);
        }
    }
}
