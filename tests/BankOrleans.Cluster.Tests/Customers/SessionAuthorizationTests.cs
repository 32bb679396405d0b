using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Sessions;
using Microsoft.Extensions.Options;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>The grains themselves enforce sessions and ownership (called directly, not through the client).</summary>
[Collection(BankClusterCollection.Name)]
public sealed class SessionAuthorizationTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private static SessionTokens Signer(string key) =>
        new(Options.Create(new SecurityOptions { SessionKey = key }));

    [Fact]
    public async Task Another_users_session_can_neither_read_nor_move_money_in_your_accounts()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var mallory = await Customer.RegisterAsync(Grains, "mallory");
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var grain = Grains.GetGrain<IAccountGrain>(account);

        var balance = await grain.ReadBalance(mallory.Session);
        var history = await grain.ReadHistory(mallory.Session, 10);
        var deposit = await AccountWrites.Of(Grains).Deposit(RequestId.New(), account, 1_00, mallory.Session);
        var withdraw = await AccountWrites.Of(Grains).Withdraw(RequestId.New(), account, 1_00, mallory.Session);
        var steal = await AccountWrites.Of(Grains).Transfer(RequestId.New(), account, mallory.FirstAccount, 1_00, mallory.Session);
        var push = await AccountWrites.Of(Grains).Transfer(RequestId.New(), mallory.FirstAccount, account, 0_01, mallory.Session);

        Assert.All(new[] { balance.Error, history.Error, deposit.Error, withdraw.Error, steal.Error, push.Error },
            e => Assert.Equal(ErrorCodes.InvalidAccount, e));
        var after = await grain.ReadBalance(alice.Session);
        Assert.Equal((10_00L, 2L), (after.BalanceCents, after.Version));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("s1:alice:1:99999999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Malformed_or_missing_tokens_are_not_authorized(string token)
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");

        var result = await AccountWrites.Of(Grains).Deposit(RequestId.New(), alice.FirstAccount, 1_00, token);

        Assert.Equal(ErrorCodes.NotAuthorized, result.Error);
    }

    [Fact]
    public async Task A_token_forged_with_another_key_or_altered_is_rejected_by_the_grains()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var (forged, _) = Signer(Convert.ToBase64String(new byte[32])).Issue(alice.User, 1, DateTimeOffset.UtcNow);
        var parts = alice.Session.Split(':');
        // Same MAC, another user: the MAC covers the name.
        var renamed = string.Join(':', parts[0], "mallory", parts[2], parts[3], parts[4]);
        // Longer life: the MAC covers the expiry.
        var extended = string.Join(':', parts[0], parts[1], parts[2], (long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[4]);

        var answers = new List<string?>();
        foreach (var token in new[] { forged, renamed, extended })
        {
            answers.Add((await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(token)).Error);
            answers.Add((await AccountWrites.Of(Grains).Deposit(RequestId.New(), alice.FirstAccount, 1_00, token)).Error);
        }

        Assert.All(answers, e => Assert.Equal(ErrorCodes.NotAuthorized, e));
        Assert.Equal(0, (await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(alice.Session)).BalanceCents);
    }

    [Fact]
    public async Task An_expired_token_is_rejected_by_the_grains()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        // Signed with the cluster's key at the user's current epoch, but issued 9 hours ago (lifetime 8 h).
        var (expired, expiresAt) = Signer(BankClusterFixture.TestSessionKey).Issue(alice.User, 1, DateTimeOffset.UtcNow.AddHours(-9));
        Assert.True(expiresAt < DateTimeOffset.UtcNow);
        var (fresh, _) = Signer(BankClusterFixture.TestSessionKey).Issue(alice.User, 1, DateTimeOffset.UtcNow);

        var refused = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(expired);
        var accepted = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(fresh);

        Assert.Equal(ErrorCodes.NotAuthorized, refused.Error);
        Assert.True(accepted.Ok, accepted.Message);
    }

    [Fact]
    public async Task Logout_ends_every_older_session_on_every_grain_and_a_new_login_works()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var second = await Grains.GetGrain<IUserGrain>(alice.User).Login(alice.Password);

        var logout = await Grains.GetGrain<IUserGrain>(alice.User).Logout(alice.Session);
        var deposit = await AccountWrites.Of(Grains).Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);
        var otherSession = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(second.Session);
        var list = await Grains.GetGrain<IUserGrain>(alice.User).ListAccounts(alice.Session);
        var again = await Grains.GetGrain<IUserGrain>(alice.User).Logout(alice.Session);
        var relogin = await Grains.GetGrain<IUserGrain>(alice.User).Login(alice.Password);
        var afterRelogin = await AccountWrites.Of(Grains).Deposit(RequestId.New(), alice.FirstAccount, 1_00, relogin.Session);

        Assert.True(logout.Ok, logout.Message);
        Assert.All(new[] { deposit.Error, otherSession.Error, list.Error, again.Error }, e => Assert.Equal(ErrorCodes.NotAuthorized, e));
        Assert.True(afterRelogin.Ok, afterRelogin.Message);
        Assert.Equal(1_00, afterRelogin.Accounts[0].BalanceCents);
    }

    [Fact]
    public async Task A_logout_ends_a_session_the_silos_hold_a_lease_on()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var writes = AccountWrites.Of(Grains);
        var before = await writes.Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);

        var logout = await Grains.GetGrain<IUserGrain>(alice.User).Logout(alice.Session);
        var deposit = await writes.Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session);
        var balance = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(alice.Session);

        Assert.True(before.Ok, before.Message);
        Assert.True(logout.Ok, logout.Message);
        Assert.Equal(ErrorCodes.NotAuthorized, deposit.Error);
        Assert.Equal(ErrorCodes.NotAuthorized, balance.Error);
    }

    [Fact]
    public async Task A_logout_retried_after_the_first_was_chosen_says_ended_only_after_the_leases_ran_out()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var user = Grains.GetGrain<IUserGrain>(alice.User);
        var wait = SessionEpochLease.LogoutWait;
        Assert.True((await user.Logout(alice.Session)).Ok);

        // As if the first answer was lost: the client asks again with the same session.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var retried = await user.Logout(alice.Session);
        var answeredAfter = started.Elapsed;

        Assert.Equal(ErrorCodes.NotAuthorized, retried.Error);
        Assert.True(answeredAfter >= wait, $"answered 'ended' after {answeredAfter}, before the leases' {wait}");
    }

    [Fact]
    public async Task A_busy_session_reads_its_epoch_from_a_majority_once_per_lease()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var writes = AccountWrites.Of(Grains);
        using var checks = new SessionChecks();

        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await writes.Deposit(RequestId.New(), alice.FirstAccount, 1_00, alice.Session)).Ok);
        }

        // Every deposit's check runs on the write leader's silo: one read per lease period there.
        var leasePeriods = (long)Math.Ceiling(started.Elapsed / SessionEpochLease.Duration) + 1;
        Assert.Equal(20, checks.ByLease + checks.ByMajority);
        Assert.True(checks.ByMajority <= leasePeriods, $"{checks.ByMajority} majority reads, {checks.ByLease} lease checks in {started.Elapsed}");
    }

    [Fact]
    public async Task Another_users_ended_session_is_refused_at_once_by_a_logout()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var mallory = await Customer.RegisterAsync(Grains, "mallory");
        Assert.True((await Grains.GetGrain<IUserGrain>(mallory.User).Logout(mallory.Session)).Ok);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var refused = await Grains.GetGrain<IUserGrain>(alice.User).Logout(mallory.Session);
        var answeredAfter = started.Elapsed;

        Assert.Equal(ErrorCodes.NotAuthorized, refused.Error);
        Assert.True(answeredAfter < SessionEpochLease.LogoutWait, $"alice's grain held {answeredAfter} for mallory's ended session");
    }

    [Fact]
    public void The_operator_check_accepts_only_the_configured_credential()
    {
        var authorizer = (IOperatorAuthorizer)fixture.Cluster.Silos[0].ServiceProvider.GetService(typeof(IOperatorAuthorizer))!;

        Assert.True(authorizer.IsOperator(BankClusterFixture.TestOperatorToken));
        Assert.False(authorizer.IsOperator(BankClusterFixture.TestOperatorToken + "x"));
        Assert.False(authorizer.IsOperator(""));
        Assert.False(authorizer.IsOperator(null));
    }
}
