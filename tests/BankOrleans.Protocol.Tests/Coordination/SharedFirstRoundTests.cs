using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>
/// The write leader's shared first rounds: writes that are not prepared and arrive while a vote
/// is in flight share the next vote and prepare, and each still commits on its own account.
/// </summary>
public sealed class SharedFirstRoundTests
{
    private static readonly string[] Accounts = ["1000000001", "1000000002", "1000000003", "1000000004", "1000000005"];

    [Theory]
    [InlineData(256, 2)]
    [InlineData(0, 5)]
    public async Task Opens_waiting_behind_a_vote_share_the_next_vote_and_prepare(int sharedRoundAccounts, int rounds)
    {
        var peers = new HeldBackPeers();
        var coordinator = peers.Coordinator(sharedRoundAccounts: sharedRoundAccounts);
        var votes = peers.HoldVotes();

        // The first open's vote is held; the other four arrive while it is in flight.
        var results = await OneAtATimeAsync(async () =>
        {
            var opens = Accounts.Select(a => coordinator.ExecuteAsync(Open(a))).ToArray();
            votes.Release();
            return await Task.WhenAll(opens);
        });

        Assert.All(results, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(3 * rounds, peers.LeaseRequests);
        Assert.Equal(3 * rounds, peers.Prepares);
        foreach (var account in Accounts)
        {
            Assert.All(Enumerable.Range(1, 3), r => Assert.Single(peers.Replica(r).Ledger(account)));
        }
    }

    [Fact]
    public async Task A_shared_vote_carries_no_more_accounts_than_the_limit()
    {
        var peers = new HeldBackPeers();
        var coordinator = peers.Coordinator(sharedRoundAccounts: 2);
        var votes = peers.HoldVotes();

        // One open alone, then four in seats of two.
        var results = await OneAtATimeAsync(async () =>
        {
            var opens = Accounts.Select(a => coordinator.ExecuteAsync(Open(a))).ToArray();
            votes.Release();
            return await Task.WhenAll(opens);
        });

        Assert.All(results, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(3 * 3, peers.LeaseRequests);
    }

    private static BankOperation Open(string account) =>
        new($"open-{account}", OperationKind.OpenAccount, account, null, 0, "alice", "alice", false, DateTimeOffset.UnixEpoch);

    // The coordinator is not synchronized: like a grain's turns, everything runs one task at a time.
    private static Task<T> OneAtATimeAsync<T>(Func<Task<T>> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();
}
