using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>Registration rules, login answers and throttling, accounts and history, on the real grains.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class LoginAndRegistrationTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private static string NewName(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Theory]
    [InlineData("ab", "correct horse battery", "username must be at least 3 characters")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "correct horse battery", "username must be at most 32 characters")]
    [InlineData("bad name", "correct horse battery", "username may contain only letters, digits, '.', '_' and '-'")]
    [InlineData("valid-name", "short", "password must be at least 12 characters")]
    public async Task Registration_that_breaks_a_rule_is_bad_input_and_creates_nothing(string user, string password, string message)
    {
        var result = await Grains.GetGrain<IUserGrain>(user).Register(RequestId.New(), password);

        Assert.Equal((ErrorCodes.BadInput, message), (result.Error, result.Message));
        var replica = await Grains.GetGrain<IReplicaGrain>(1).GetAccount(ObjectKeys.User(user));
        Assert.True(replica is null || !replica.Exists);
    }

    [Fact]
    public async Task A_password_longer_than_128_characters_is_bad_input()
    {
        var result = await Grains.GetGrain<IUserGrain>(NewName()).Register(RequestId.New(), new string('p', 129));

        Assert.Equal((ErrorCodes.BadInput, "password must be at most 128 characters"), (result.Error, result.Message));
    }

    [Fact]
    public async Task Registration_creates_the_user_and_a_first_account_and_a_taken_name_is_user_exists()
    {
        var name = NewName();
        var requestId = RequestId.New();

        var first = await Grains.GetGrain<IUserGrain>(name).Register(requestId, "first password 123");
        var retry = await Grains.GetGrain<IUserGrain>(name).Register(requestId, "first password 123");
        var taken = await Grains.GetGrain<IUserGrain>(name).Register(RequestId.New(), "other password 456");
        var login = await Grains.GetGrain<IUserGrain>(name).Login("first password 123");
        var accounts = await Grains.GetGrain<IUserGrain>(name).ListAccounts(login.Session);

        Assert.True(first.Ok, first.Message);
        Assert.Equal(AccountNumber.ForRequest(BankOrleans.Grains.Users.UserGrain.FirstAccountRequestId(name, requestId)), first.Account);
        Assert.Equal((true, first.Account), (retry.Ok, retry.Account));
        Assert.Equal(ErrorCodes.UserExists, taken.Error);
        Assert.True(login.Ok, login.Message);
        Assert.Equal([new AccountBalance(first.Account, 0, 1)], accounts.Accounts);
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_salted_pbkdf2_record()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");

        var rows = await Grains.GetGrain<IReplicaGrain>(2).ReadEntries(ObjectKeys.User(alice.User), 0, 10);

        var record = Assert.Single(rows).Payload;
        Assert.StartsWith("pbkdf2-sha256$1000$", record, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Password, record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");

        var wrong = await Grains.GetGrain<IUserGrain>(alice.User).Login("not the password!");
        var unknown = await Grains.GetGrain<IUserGrain>(NewName("nobody")).Login("not the password!");

        Assert.Equal((wrong.Ok, wrong.Error, wrong.Message, wrong.Session), (unknown.Ok, unknown.Error, unknown.Message, unknown.Session));
        Assert.Equal(ErrorCodes.BadCredentials, wrong.Error);
    }

    [Fact]
    public async Task Throttling_engages_after_three_failed_logins_even_for_the_right_password()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var user = Grains.GetGrain<IUserGrain>(alice.User);

        var failures = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await user.Login("wrong password " + i)).Error);
        }

        var throttled = await user.Login(alice.Password);

        Assert.All(failures, e => Assert.Equal(ErrorCodes.BadCredentials, e));
        Assert.Equal(ErrorCodes.TooManyAttempts, throttled.Error);
        Assert.Equal("", throttled.Session);
    }

    [Fact]
    public async Task Unknown_users_are_throttled_too_so_throttling_reveals_nothing()
    {
        var user = Grains.GetGrain<IUserGrain>(NewName("ghost"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ErrorCodes.BadCredentials, (await user.Login("wrong password " + i)).Error);
        }

        Assert.Equal(ErrorCodes.TooManyAttempts, (await user.Login("wrong password")).Error);
    }

    [Fact]
    public async Task Accounts_lists_only_the_callers_accounts_with_balances()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var bob = await Customer.RegisterAsync(Grains, "bob");
        var second = await Accounts.OpenFundedAsync(Grains, 12_34, alice.Session);
        await Accounts.OpenFundedAsync(Grains, 5_00, bob.Session);

        var list = await Grains.GetGrain<IUserGrain>(alice.User).ListAccounts(alice.Session);
        var viaOther = await Grains.GetGrain<IUserGrain>(alice.User).ListAccounts(bob.Session);

        Assert.True(list.Ok, list.Message);
        var expected = new[] { (alice.FirstAccount, 0L), (second, 12_34L) }.OrderBy(a => a.Item1, StringComparer.Ordinal);
        Assert.Equal(expected, list.Accounts.Select(a => (a.Account, a.BalanceCents)));
        Assert.Equal(ErrorCodes.NotAuthorized, viaOther.Error);
    }

    [Fact]
    public async Task History_shows_the_statement_newest_first_with_counterparty_and_balance_after()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var savings = await Accounts.OpenFundedAsync(Grains, 100_00, alice.Session);
        await AccountWrites.Of(Grains).Withdraw(RequestId.New(), savings, 20_00, alice.Session);
        await AccountWrites.Of(Grains).Transfer(RequestId.New(), savings, alice.FirstAccount, 30_00, alice.Session);

        var all = await Grains.GetGrain<IAccountGrain>(savings).ReadHistory(alice.Session, 10);
        var two = await Grains.GetGrain<IAccountGrain>(savings).ReadHistory(alice.Session, 2);
        var credit = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadHistory(alice.Session, 1);

        Assert.True(all.Ok, all.Message);
        Assert.Equal(
            [("transfer-out", (string?)alice.FirstAccount, -30_00L, 50_00L), ("withdrawal", null, -20_00L, 80_00L), ("deposit", null, 100_00L, 100_00L), ("open", null, 0L, 0L)],
            all.Lines.Select(l => (l.Kind, l.Counterparty, l.AmountCents, l.BalanceAfterCents)));
        Assert.Equal([4L, 3L], two.Lines.Select(l => l.Version));
        Assert.Equal(("transfer-in", (string?)savings, 30_00L), (credit.Lines[0].Kind, credit.Lines[0].Counterparty, credit.Lines[0].AmountCents));
    }
}
