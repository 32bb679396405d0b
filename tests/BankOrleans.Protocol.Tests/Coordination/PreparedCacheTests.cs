using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>
/// The coordinator's prepared accounts: a write to an account it prepared needs no vote; once
/// more accounts than its capacity were prepared, the oldest go through the vote again.
/// </summary>
public sealed class PreparedCacheTests
{
    private static readonly string[] Accounts = ["1000000001", "1000000002", "1000000003"];

    [Fact]
    public async Task A_write_to_a_prepared_account_takes_no_vote_and_the_oldest_beyond_the_capacity_is_prepared_again()
    {
        var peers = new HeldBackPeers();
        var coordinator = peers.Coordinator(preparedCapacity: 2);
        foreach (var account in Accounts)
        {
            await MustCommitAsync(coordinator, new BankOperation($"open-{account}", OperationKind.OpenAccount, account, null, 0, "alice", "alice", false, DateTimeOffset.UnixEpoch));
        }

        var votesBefore = peers.LeaseRequests;
        await MustCommitAsync(coordinator, Deposit("dep-newest", Accounts[2]));
        var votesForNewest = peers.LeaseRequests - votesBefore;
        await MustCommitAsync(coordinator, Deposit("dep-oldest", Accounts[0]));
        var votesForOldest = peers.LeaseRequests - votesBefore - votesForNewest;

        Assert.Equal(0, votesForNewest);
        Assert.Equal(3, votesForOldest);
    }

    private static BankOperation Deposit(string txId, string account) =>
        new(txId, OperationKind.Deposit, account, null, 100, "alice", null, false, DateTimeOffset.UnixEpoch);

    private static async Task MustCommitAsync(OperationCoordinator coordinator, BankOperation op)
    {
        var result = await coordinator.ExecuteAsync(op);
        Assert.Equal(CoordinatorVerdict.Committed, result.Verdict);
        await coordinator.LastRepair;
    }
}
