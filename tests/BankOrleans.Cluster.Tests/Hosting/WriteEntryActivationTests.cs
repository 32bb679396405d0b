using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>
/// Writes enter at one stateless worker per silo and activate nothing per account: at a million
/// accounts an activation, directory entry and placement per account written cost more CPU than
/// the write itself.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class WriteEntryActivationTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Registering_opening_depositing_and_transferring_activate_no_account_grain()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);
        var moved = await AccountWrites.Of(Grains).Transfer(RequestId.New(), account, alice.FirstAccount, 2_00, alice.Session);
        var withdrawn = await AccountWrites.Of(Grains).Withdraw(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);

        Assert.True(moved.Ok, moved.Message);
        Assert.True(withdrawn.Ok, withdrawn.Message);
        var first = Grains.GetGrain<IAccountGrain>(alice.FirstAccount).GetGrainId();
        var second = Grains.GetGrain<IAccountGrain>(account).GetGrainId();
        var active = await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(first.Type);
        Assert.DoesNotContain(first, active);
        Assert.DoesNotContain(second, active);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("0+x")]
    [InlineData("not-a-number")]
    public async Task A_hand_made_key_that_is_not_the_entrys_own_is_bad_input(string key)
    {
        var alice = await Customer.RegisterAsync(Grains);
        // What a raw client can put in a message: the entry's grain type with a key of its own.
        var type = AccountWrites.Of(Grains).GetGrainId().Type;
        var stray = Grains.GetGrain(GrainId.Create(type, key)).AsReference<IAccountWritesGrain>();

        var deposit = await stray.Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);

        Assert.Equal(ErrorCodes.BadInput, deposit.Error);
        Assert.Equal(0, await Accounts.BalanceAsync(Grains, alice.FirstAccount, alice.Session));
    }

    [Fact]
    public async Task A_write_entry_under_another_key_answers_bad_input_and_goes_away()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var stray = Grains.GetGrain<IAccountWritesGrain>(AccountWrites.Key + 41);

        var deposit = await stray.Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);

        Assert.Equal(ErrorCodes.BadInput, deposit.Error);
        Assert.Equal(0, await Accounts.BalanceAsync(Grains, alice.FirstAccount, alice.Session));
        var id = stray.GetGrainId();
        await Eventually.ReturnsAsync(
            async () => await Grains.GetGrain<IManagementGrain>(0).GetActiveGrains(id.Type),
            active => !active.Contains(id),
            "the stray write entry's activation is gone",
            TimeSpan.FromSeconds(20));
    }
}
