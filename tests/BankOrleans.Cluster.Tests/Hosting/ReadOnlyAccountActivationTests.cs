using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>
/// An account grain (which only reads) does not stay once it answered: a sweep of majority reads
/// would otherwise pile up an activation per account on one silo.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class ReadOnlyAccountActivationTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task An_account_grain_goes_away_once_it_answered_a_read()
    {
        var alice = await Customer.RegisterAsync(Grains);
        // Writes activate no account grain (WriteEntryActivationTests), so this read is its first.
        var account = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);

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
