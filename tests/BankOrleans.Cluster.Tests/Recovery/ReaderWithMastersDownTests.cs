using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>
/// ARCHITECTURE §5b/§6: with the reader up, balance and history keep working when two masters are
/// down, because the reader checks sessions against its own replicated copy of the user's epoch;
/// writes and majority reads still need two masters.
/// </summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class ReaderWithMastersDownTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task With_two_masters_down_the_reader_serves_reads_and_refuses_a_logged_out_session()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var user = Grains.GetGrain<IUserGrain>(alice.User);
        var logout = await user.Logout(alice.Session);
        Assert.True(logout.Ok, logout.Message);
        var login = await user.Login(Customer.DefaultPassword);
        Assert.True(login.Ok, login.Message);
        var query = Grains.GetGrain<IAccountQueryGrain>(account);
        // The logout and the new login's epoch reach the reader through the feed.
        await Eventually.ReturnsAsync(() => query.Balance(2, alice.Session), v => v.Error == ErrorCodes.NotAuthorized, "the reader refuses the logged-out session");
        await Eventually.ReturnsAsync(() => query.Balance(2, login.Session), v => v.Ok, "the reader serves the new session");

        var depositId = Accounts.NewRequestId();
        var second = await fixture.KillSiloAsync("master-2");
        var third = await fixture.KillSiloAsync("master-3");
        BalanceView balance, revoked, majorityRead;
        Statement history;
        WriteResult write;
        try
        {
            balance = await PastDeadGateways.CallAsync(() => query.Balance(2, login.Session));
            history = await PastDeadGateways.CallAsync(() => query.History(10, 2, login.Session));
            revoked = await PastDeadGateways.CallAsync(() => query.Balance(2, alice.Session));
            majorityRead = await PastDeadGateways.CallAsync(() => Grains.GetGrain<IAccountGrain>(account).ReadBalance(login.Session));
            write = await PastDeadGateways.CallAsync(() => AccountWrites.Of(Grains).Deposit(depositId, account, 1_00, login.Session));
        }
        finally
        {
            await fixture.StartSiloAsync(second);
            await fixture.StartSiloAsync(third);
        }

        Assert.True(balance.Ok, balance.Message);
        Assert.Equal((10_00L, 2L, "reader"), (balance.BalanceCents, balance.Version, balance.ServedBy));
        Assert.True(history.Ok, history.Message);
        Assert.Equal((10_00L, 2L, "reader"), (history.BalanceCents, history.Version, history.ServedBy));
        Assert.Equal(["deposit", "open"], history.Lines.Select(l => l.Kind));
        Assert.Equal((ErrorCodes.NotAuthorized, "reader"), (revoked.Error, revoked.ServedBy));
        Assert.Equal(ErrorCodes.Unavailable, majorityRead.Error);
        // Never committed with one master; "unknown" when the surviving master accepted it on the
        // leader's prepared ballot (a later majority may complete it), so the customer retries.
        Assert.Contains(write.Error, new[] { ErrorCodes.Unavailable, ErrorCodes.OutcomeUnknown });
        var retried = await Eventually.ReturnsAsync(
            () => AccountWrites.Of(Grains).Deposit(depositId, account, 1_00, login.Session), r => r.Ok, "the retried deposit after the masters return");
        Assert.Equal(11_00L, retried.Accounts[0].BalanceCents);
        var after = await Grains.GetGrain<IAccountGrain>(account).ReadBalance(login.Session);
        Assert.Equal((11_00L, 3L), (after.BalanceCents, after.Version));
    }
}
