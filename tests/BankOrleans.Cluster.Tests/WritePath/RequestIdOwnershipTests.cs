using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>A request id belongs to its user (ARCHITECTURE §5a): two users' ids never meet, with the default transfer rule.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class RequestIdOwnershipTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Reusing_another_users_request_id_on_a_transfer_to_their_account_is_refused_without_their_balance()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var mallory = await Customer.RegisterAsync(Grains, "mallory");
        var requestId = RequestId.New();
        var deposit = await AccountWrites.Of(Grains).Deposit(requestId, alice.FirstAccount, 7_00, alice.Session);
        Assert.True(deposit.Ok, deposit.Message);
        var malloryAccount = await Accounts.OpenFundedAsync(Grains, 5_00, mallory.Session);

        var reused = await AccountWrites.Of(Grains).Transfer(requestId, malloryAccount, alice.FirstAccount, 1_00, mallory.Session);

        Assert.Equal((false, ErrorCodes.InvalidAccount), (reused.Ok, reused.Error));
        Assert.Empty(reused.Accounts);
        Assert.Equal(requestId, reused.TxId);
        Assert.Equal(5_00, await Accounts.BalanceAsync(Grains, malloryAccount, mallory.Session));
        Assert.Equal(7_00, await Accounts.BalanceAsync(Grains, alice.FirstAccount, alice.Session));
    }

    [Fact]
    public async Task Two_users_registering_with_one_request_id_each_get_an_account_of_their_own()
    {
        var requestId = RequestId.New();
        var alice = $"alice-{Guid.NewGuid():N}"[..24];
        var bob = $"bob-{Guid.NewGuid():N}"[..24];

        var first = await Grains.GetGrain<IUserGrain>(alice).Register(requestId, Customer.DefaultPassword);
        var second = await Grains.GetGrain<IUserGrain>(bob).Register(requestId, Customer.DefaultPassword);
        var login = await Grains.GetGrain<IUserGrain>(bob).Login(Customer.DefaultPassword);
        var bobs = await Grains.GetGrain<IUserGrain>(bob).ListAccounts(login.Session);

        Assert.True(first.Ok, first.Message);
        Assert.True(second.Ok, second.Message);
        Assert.NotEqual(first.Account, second.Account);
        Assert.True(bobs.Ok, bobs.Message);
        Assert.Equal([new AccountBalance(second.Account, 0, 1)], bobs.Accounts);
    }

    [Fact]
    public async Task The_same_request_id_of_one_user_on_two_kinds_of_write_is_two_writes()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var requestId = RequestId.New();
        var grain = AccountWrites.Of(Grains);

        var deposit = await grain.Deposit(requestId, account, 2_00, alice.Session);
        var retried = await grain.Deposit(requestId, account, 2_00, alice.Session);
        var withdraw = await grain.Withdraw(requestId, account, 1_00, alice.Session);

        Assert.Equal([new AccountBalance(account, 12_00, 3)], deposit.Accounts);
        Assert.Equal(deposit.Accounts, retried.Accounts);
        Assert.Equal([new AccountBalance(account, 11_00, 4)], withdraw.Accounts);
    }
}

/// <summary>A request id belongs to its user when transfers may credit other customers' accounts.</summary>
[Collection(OpenTransfersCollection.Name)]
public sealed class RequestIdOwnershipWithOpenTransfersTests(OpenTransfersClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Reusing_another_users_request_id_on_a_transfer_to_a_shared_destination_moves_the_money()
    {
        var xavier = await Customer.RegisterAsync(Grains, "xavier");
        var yvonne = await Customer.RegisterAsync(Grains, "yvonne");
        var shop = await Customer.RegisterAsync(Grains, "shop");
        var fromX = await Accounts.OpenFundedAsync(Grains, 10_00, xavier.Session);
        var fromY = await Accounts.OpenFundedAsync(Grains, 10_00, yvonne.Session);
        var requestId = RequestId.New();
        var paid = await AccountWrites.Of(Grains).Transfer(requestId, fromX, shop.FirstAccount, 2_00, xavier.Session);
        Assert.True(paid.Ok, paid.Message);

        var reused = await AccountWrites.Of(Grains).Transfer(requestId, fromY, shop.FirstAccount, 3_00, yvonne.Session);

        Assert.True(reused.Ok, reused.Message);
        Assert.Equal(requestId, reused.TxId);
        Assert.Equal([new AccountBalance(fromY, 7_00, 3)], reused.Accounts);
        Assert.Equal(7_00, await Accounts.BalanceAsync(Grains, fromY, yvonne.Session));
        Assert.Equal(5_00, await Accounts.BalanceAsync(Grains, shop.FirstAccount, shop.Session));
    }

    [Fact]
    public async Task A_transfer_to_another_customer_answers_only_the_senders_balance()
    {
        var xavier = await Customer.RegisterAsync(Grains, "xavier");
        var shop = await Customer.RegisterAsync(Grains, "shop");
        var fromX = await Accounts.OpenFundedAsync(Grains, 10_00, xavier.Session);

        var paid = await AccountWrites.Of(Grains).Transfer(RequestId.New(), fromX, shop.FirstAccount, 2_00, xavier.Session);
        var own = await Accounts.OpenFundedAsync(Grains, 0, xavier.Session);
        var moved = await AccountWrites.Of(Grains).Transfer(RequestId.New(), fromX, own, 1_00, xavier.Session);

        Assert.True(paid.Ok, paid.Message);
        Assert.Equal([new AccountBalance(fromX, 8_00, 3)], paid.Accounts);
        Assert.Equal(2, moved.Accounts.Count);
        Assert.Equal(2_00, await Accounts.BalanceAsync(Grains, shop.FirstAccount, shop.Session));
    }
}
