using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>
/// An account grain activated only to read does not stay for the idle lifetime: a sweep of
/// majority reads would otherwise pile up an activation per account on one silo.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class ReadOnlyAccountActivationTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task An_account_grain_that_only_read_goes_away_once_it_answered()
    {
        var alice = await Customer.RegisterAsync(Grains);
        // Opened through the leader directly (this fixture's client holds the silo credential),
        // so the account's grain has never been activated.
        var requestId = RequestId.New();
        var account = AccountNumber.ForRequest(requestId);
        var opened = await Grains.GetGrain<IWriteLeaderGrain>(WriteLeader.Key)
            .Write(new WriteCommand(requestId, OperationKind.OpenAccount, account, null, 5_00), alice.Session);
        Assert.True(opened.Ok, opened.Message);

        var grain = Grains.GetGrain<IAccountGrain>(account);
        var view = await grain.ReadBalance(alice.Session);

        Assert.True(view.Ok, view.Message);
        Assert.Equal(5_00, view.BalanceCents);
        var management = Grains.GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        await Eventually.ReturnsAsync(
            async () => await management.GetActiveGrains(id.Type),
            active => !active.Contains(id),
            "the read-only account activation is gone",
            TimeSpan.FromSeconds(20));
    }
}
