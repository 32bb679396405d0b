using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>
/// The write leader, called directly as the write entry calls it (this fixture's client holds the
/// silo credential): it checks the session and ownership itself, and it keeps accounts prepared.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class WriteLeaderTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private IWriteLeaderGrain Leader => Grains.GetGrain<IWriteLeaderGrain>(WriteLeader.Key);

    [Fact]
    public async Task The_leader_checks_the_session_and_ownership_itself()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var mallory = await Customer.RegisterAsync(Grains, "mallory");
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);

        var forged = await Leader.Write(new WriteCommand(RequestId.New(), OperationKind.Withdraw, account, null, 1_00), "garbage");
        var stolen = await Leader.Write(new WriteCommand(RequestId.New(), OperationKind.Transfer, account, mallory.FirstAccount, 1_00), mallory.Session);

        Assert.Equal((ErrorCodes.NotAuthorized, ErrorCodes.InvalidAccount), (forged.Error, stolen.Error));
        Assert.Equal(10_00, await Accounts.BalanceAsync(Grains, account, alice.Session));
    }

    [Theory]
    [InlineData(OperationKind.Deposit, "12345", null, 1_00)]
    [InlineData(OperationKind.Deposit, null, null, 0)]
    [InlineData(OperationKind.Withdraw, null, null, -5)]
    [InlineData(OperationKind.Deposit, null, "0000000001", 1_00)]
    [InlineData(OperationKind.Transfer, null, "not-a-number", 1_00)]
    [InlineData(OperationKind.Transfer, null, "self", 1_00)]
    [InlineData(OperationKind.OpenAccount, null, null, -1_00)]
    [InlineData(OperationKind.OpenAccount, null, "0000000001", 0)]
    [InlineData(OperationKind.RegisterUser, null, null, 0)]
    public async Task Malformed_commands_are_bad_input_and_write_nothing(OperationKind kind, string? account, string? to, long cents)
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var source = account ?? alice.FirstAccount;
        var command = new WriteCommand(RequestId.New(), kind, source, to == "self" ? source : to, cents);

        var result = await Leader.Write(command, alice.Session);

        Assert.Equal(ErrorCodes.BadInput, result.Error);
        var view = await Grains.GetGrain<IAccountGrain>(alice.FirstAccount).ReadBalance(alice.Session);
        Assert.Equal(1L, view.Version);
    }

    [Fact]
    public async Task Writes_to_accounts_the_leader_has_prepared_keep_their_ballots()
    {
        // Each account was prepared by its own open; a transfer between them (and back) then needs
        // only the accept round. Any vote and prepare would leave a higher promise behind.
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var a = await Accounts.OpenFundedAsync(Grains, 50_00, alice.Session);
        var b = await Accounts.OpenFundedAsync(Grains, 50_00, alice.Session);
        // A write is answered once two replicas hold it; reads do not wait for the third.
        var before = await Eventually.ReturnsAsync(
            () => PromisesAsync(a, b),
            states => states.Values.All(replicas => replicas.All(r => r is not null && r.Version == replicas.Max(x => x!.Version))),
            "all three replicas holding both funded accounts");

        var there = await Leader.Write(new WriteCommand(RequestId.New(), OperationKind.Transfer, a, b, 10_00), alice.Session);
        var back = await Leader.Write(new WriteCommand(RequestId.New(), OperationKind.Transfer, b, a, 4_00), alice.Session);
        var deposit = await Leader.Write(new WriteCommand(RequestId.New(), OperationKind.Deposit, b, null, 1_00), alice.Session);

        Assert.True(there.Ok && back.Ok && deposit.Ok, $"{there.Message} / {back.Message} / {deposit.Message}");
        // A majority is enough: a replica left behind may have been repaired under a new ballot.
        // Polled, because a replica that answered late may still be applying the last write.
        await Eventually.ReturnsAsync(
            () => PromisesAsync(a, b),
            after => new[] { a, b }.All(account => Enumerable.Range(0, 3).Count(r =>
                after[account][r] is { } now && before[account][r] is { } then
                && now.PromisedBallot == then.PromisedBallot && now.AcceptedBallot == then.PromisedBallot
                && now.Version == then.Version + (account == a ? 2 : 3)) >= 2),
            "two replicas of each account at its new version under the ballot the leader prepared");
    }

    private async Task<Dictionary<string, AccountState?[]>> PromisesAsync(params string[] accounts)
    {
        var states = new Dictionary<string, AccountState?[]>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            states[account] = await Task.WhenAll(Enumerable.Range(1, 3).Select(r => Grains.GetGrain<IReplicaGrain>(r).GetAccount(account)));
        }

        return states;
    }
}
