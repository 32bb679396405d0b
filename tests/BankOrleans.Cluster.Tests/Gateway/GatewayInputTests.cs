using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.Gateway;

/// <summary>Hostile arguments and keys at the client-facing grains get bad_input (or the operator surface's exceptions), and the silos keep serving.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class GatewayInputTests(BankClusterFixture fixture)
{
    private static readonly string Huge = new('9', 1_000_000);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Null_oversized_negative_and_unknown_arguments_of_every_customer_method_are_bad_input()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var grain = Grains.GetGrain<IAccountGrain>(account);
        var entry = AccountWrites.Of(Grains);
        var query = Grains.GetGrain<IAccountQueryGrain>(account);
        var user = Grains.GetGrain<IUserGrain>(alice.User);
        var leader = Grains.GetGrain<IWriteLeaderGrain>(WriteLeader.Key);
        var s = alice.Session;
        var id = RequestId.New;

        var writes = new[]
        {
            await entry.Deposit(null!, account, 1_00, s),
            await entry.Deposit(Huge, account, 1_00, s),
            await entry.Deposit(id(), null!, 1_00, s),
            await entry.Deposit(id(), Huge, 1_00, s),
            await entry.Deposit(id(), account, long.MinValue, s),
            await entry.Withdraw(id(), account, -1, s),
            await entry.Transfer(id(), account, Huge, 1_00, s),
            await entry.Transfer(id(), account, null!, 1_00, s),
            await entry.Transfer(id(), null!, account, 1_00, s),
            await entry.Transfer(id(), account, account, 1_00, s),
            await entry.Deposit(id(), account, 1_00, null!),
            await entry.Deposit(id(), account, 1_00, Huge),
            await entry.Open(id(), Huge, 0, s),
            await entry.Open(id(), account, -1, s),
            await leader.Write(new WriteCommand(id(), (OperationKind)999, account, null, 1_00), s),
            await leader.Write(null!, s),
            await leader.Write(new WriteCommand(id(), OperationKind.Deposit, account, null, 1_00), null!),
            await user.Logout(null!),
            await user.Logout(Huge),
        };
        var reads = new (bool Ok, string? Error, string Message)[]
        {
            Of(await grain.ReadBalance(null!)),
            Of(await grain.ReadBalance(Huge)),
            Of(await grain.ReadHistory(s, -1)),
            Of(await grain.ReadHistory(s, int.MinValue)),
            Of(await grain.ReadHistory(null!, 10)),
            Of(await query.Balance(-1, s)),
            Of(await query.Balance(long.MinValue, s)),
            Of(await query.Balance(0, null!)),
            Of(await query.History(0, 0, s)),
            Of(await query.History(10, -5, s)),
            Of(await user.ListAccounts(null!)),
            Of(await user.ListAccounts(Huge)),
            Of(await user.Login(null!)),
            Of(await user.Login(new string('p', 10_000_000))),
            Of(await user.Register(null!, Customer.DefaultPassword)),
            Of(await Grains.GetGrain<IUserGrain>(alice.User + "-new").Register(id(), null!)),
        };

        Assert.All(writes, w => Assert.Equal(ErrorCodes.BadInput, w.Error));
        Assert.All(writes, w => Assert.True(w.Message.Length < 200, w.Message));
        Assert.All(reads, r => Assert.Equal((false, ErrorCodes.BadInput), (r.Ok, r.Error)));
        Assert.Equal(10_00, await Accounts.BalanceAsync(Grains, account, s));
    }

    [Fact]
    public async Task A_grain_key_of_any_length_or_content_is_bad_input_and_is_not_echoed_whole()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var longKey = new string('1', 50_000);

        var balance = await Grains.GetGrain<IAccountGrain>(longKey).ReadBalance(alice.Session);
        var deposit = await AccountWrites.Of(Grains).Deposit(RequestId.New(), "12345\0\n'\"", 1_00, alice.Session);
        var fromReader = await Grains.GetGrain<IAccountQueryGrain>(longKey).History(10, 0, alice.Session);
        var register = await Grains.GetGrain<IUserGrain>(longKey).Register(RequestId.New(), Customer.DefaultPassword);
        var login = await Grains.GetGrain<IUserGrain>("Alice").Login(Customer.DefaultPassword);
        var list = await Grains.GetGrain<IUserGrain>("no/such user").ListAccounts(alice.Session);

        Assert.All(new[] { balance.Error, deposit.Error, fromReader.Error, register.Error, login.Error, list.Error }, e => Assert.Equal(ErrorCodes.BadInput, e));
        Assert.True(balance.Account.Length < 100 && balance.Message.Length < 200 && register.User.Length < 100);
    }

    [Fact]
    public async Task The_operator_methods_refuse_a_null_or_oversized_token_or_account_cleanly()
    {
        var audit = Grains.GetGrain<IReplicaAuditGrain>(0);
        var token = BankClusterFixture.TestOperatorToken;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => audit.Verify(null!));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => audit.VerifyPart("", Huge));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => audit.Inspect(null!, null!));
        await Assert.ThrowsAsync<ArgumentException>(() => audit.Inspect(null!, token));
        await Assert.ThrowsAsync<ArgumentException>(() => audit.Inspect(Huge, token));
        await Assert.ThrowsAsync<ArgumentException>(() => audit.VerifyPart(null!, token));
        await Assert.ThrowsAsync<ArgumentException>(() => audit.VerifyPart(Huge, token));
        var first = await audit.VerifyPart("", token);
        Assert.True(first.AccountsCompared > 0);
        if (first.Next is { } next)
        {
            Assert.True((await audit.VerifyPart(next, token)).AccountsCompared > 0);
        }
    }

    private static (bool, string?, string) Of(BalanceView v) => (v.Ok, v.Error, v.Message);

    private static (bool, string?, string) Of(Statement v) => (v.Ok, v.Error, v.Message);

    private static (bool, string?, string) Of(OwnedAccounts v) => (v.Ok, v.Error, v.Message);

    private static (bool, string?, string) Of(LoginResult v) => (v.Ok, v.Error, v.Message);

    private static (bool, string?, string) Of(RegistrationResult v) => (v.Ok, v.Error, v.Message);
}
