using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Replica;
using BankOrleans.Protocol.Tests.Simulation;

namespace BankOrleans.Protocol.Tests.Coordination;

/// <summary>
/// Shared phase 1 (<see cref="SharedRounds"/>): the writes that start while a lease vote is in
/// flight share the next vote and prepare, at most the configured number of accounts at once, and
/// a write whose shared round was lost to another member's account gets a round of its own.
/// Each test runs its writes on one <see cref="SimLoop"/>, the single scheduler the coordinator
/// expects (a grain's, in production).
/// </summary>
public sealed class SharedRoundsTests
{
    private static readonly string[] Accounts = ["1000000001", "1000000002", "1000000003", "1000000004", "1000000005"];

    [Fact]
    public void Writes_that_start_while_a_vote_is_in_flight_share_the_next_vote_and_prepare()
    {
        var peers = new HeldBackPeers();
        var results = OpenAll(peers, peers.Coordinator(sharedRoundAccounts: 256), Accounts);

        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(Rounds(Accounts[..1], Accounts[1..]), Seen(peers.Votes.Select(v => v.Accounts)));
        Assert.Equal(Rounds(Accounts[..1], Accounts[1..]), Seen(peers.Prepares));
        foreach (var replica in QuorumFanOut.Peers)
        {
            Assert.Equal(Accounts, peers.Replica(replica).Accounts.Where(a => a.Version == 1).Select(a => a.Account).Order());
        }
    }

    [Fact]
    public void A_shared_round_holds_at_most_the_configured_accounts()
    {
        var peers = new HeldBackPeers();
        var results = OpenAll(peers, peers.Coordinator(sharedRoundAccounts: 2), Accounts);

        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(Rounds(Accounts[..1], Accounts[1..3], Accounts[3..]), Seen(peers.Votes.Select(v => v.Accounts)));
    }

    [Fact]
    public void Writes_still_queued_for_a_shared_round_at_their_deadline_give_up_without_a_round()
    {
        var peers = new HeldBackPeers();
        var deadline = new CoordinatorOptions().OperationDeadline;
        // Calls may stay silent past the deadline here, so the vote in flight outlives it.
        var coordinator = peers.Coordinator(sharedRoundAccounts: 2, callTimeout: deadline * 2);

        // The first open's vote is in flight, the other four wait for the next rounds, and the
        // operation deadline passes before the vote answers.
        var results = OpenAll(peers, coordinator, Accounts, beforeRelease: () => peers.Advance(deadline + TimeSpan.FromTicks(1)));

        Assert.Equal(CoordinatorVerdict.Committed, results[$"open-{Accounts[0]}"].Verdict);
        Assert.All(Accounts[1..], a => Assert.Equal(CoordinatorVerdict.Unavailable, results[$"open-{a}"].Verdict));
        Assert.All(Accounts[1..], a => Assert.Contains("deadline", results[$"open-{a}"].Message, StringComparison.Ordinal));
        Assert.Equal(Rounds(Accounts[..1]), Seen(peers.Votes.Select(v => v.Accounts)));
        Assert.Equal(Rounds(Accounts[..1]), Seen(peers.Prepares));

        // The queue is empty again: a retry of those writes opens rounds as before.
        var retried = OpenAll(peers, coordinator, Accounts[1..]);
        Assert.All(retried.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
    }

    [Fact]
    public void A_cancelled_write_takes_no_room_in_the_next_shared_round()
    {
        var peers = new HeldBackPeers();
        var transfer = new BankOperation("transfer", OperationKind.Transfer, Accounts[2], Accounts[3], 100, "alice", null, false, DateTimeOffset.UnixEpoch);

        // Queued behind the first open's round: one open, the transfer (two accounts, the whole
        // cap), another open; the transfer's caller gives up before that round's vote answers.
        var results = RunCancellingOne(
            peers, peers.Coordinator(sharedRoundAccounts: 2), [Open(Accounts[0]), Open(Accounts[1]), transfer, Open(Accounts[4])], transfer);

        Assert.IsAssignableFrom<OperationCanceledException>(results[transfer.TxId]);
        Assert.All(new[] { 0, 1, 4 }, i => Assert.Equal(CoordinatorVerdict.Committed, Assert.IsType<CoordinatorResult>(results[$"open-{Accounts[i]}"]).Verdict));
        Assert.Equal(Rounds([Accounts[0]], [Accounts[1], Accounts[4]]), Seen(peers.Votes.Select(v => v.Accounts)));
    }

    [Fact]
    public void A_write_cancelled_while_queued_for_a_shared_round_leaves_without_a_round()
    {
        var peers = new HeldBackPeers();
        var second = Open(Accounts[1]);

        // The second open waits for the next shared round; its caller gives up before the first round's vote answers.
        var results = RunCancellingOne(peers, peers.Coordinator(sharedRoundAccounts: 256), [Open(Accounts[0]), second], second);

        Assert.Equal(CoordinatorVerdict.Committed, Assert.IsType<CoordinatorResult>(results[$"open-{Accounts[0]}"]).Verdict);
        Assert.IsAssignableFrom<OperationCanceledException>(results[second.TxId]);
        Assert.Equal(Rounds(Accounts[..1]), Seen(peers.Votes.Select(v => v.Accounts)));
        Assert.All(QuorumFanOut.Peers, replica => Assert.Null(peers.Replica(replica).Accounts.FirstOrDefault(a => a.Account == Accounts[1])));
    }

    [Fact]
    public void Without_sharing_every_write_votes_on_its_own_accounts()
    {
        var peers = new HeldBackPeers();
        var results = OpenAll(peers, peers.Coordinator(), Accounts);

        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(Rounds([.. Accounts.Select(a => new[] { a })]), Seen(peers.Votes.Select(v => v.Accounts)));
    }

    [Fact]
    public void A_write_whose_shared_round_lost_another_members_lease_commits_in_a_round_of_its_own()
    {
        var peers = new HeldBackPeers();
        Assert.All(peers.LeaseElsewhere(Accounts[4]), Assert.True);
        var results = OpenAll(peers, peers.Coordinator(sharedRoundAccounts: 256), Accounts, answered: Accounts.Length - 1);

        // The contended account's write waits for the lease (it backs off on a clock this test never moves).
        Assert.Equal(Accounts[..4].Select(a => $"open-{a}"), results.Keys.Order());
        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Contains(peers.Votes, v => v.Accounts.SequenceEqual(Accounts[1..]));
        Assert.Contains(peers.Votes, v => v.Accounts.SequenceEqual([Accounts[1]]));
    }

    [Fact]
    public void A_write_whose_shared_round_was_lost_past_its_deadline_runs_no_round_of_its_own()
    {
        var peers = new HeldBackPeers();
        var deadline = new CoordinatorOptions().OperationDeadline;
        var coordinator = peers.Coordinator(sharedRoundAccounts: 256, callTimeout: deadline * 2);
        // The shared round of the four queued opens starts just before their deadline and its
        // vote (lost on the contended account) answers just after it.
        var passed = false;
        peers.OnVote = request =>
        {
            if (request.Accounts.Count > 1 && !passed)
            {
                passed = true;
                peers.Advance(TimeSpan.FromTicks(1));
            }
        };
        var results = OpenAll(peers, coordinator, Accounts, beforeRelease: () =>
        {
            peers.Advance(deadline - TimeSpan.FromTicks(1));
            // Another coordinator holds the last account's lease from now on (for longer than the test).
            Assert.All(peers.LeaseElsewhere(Accounts[4]), Assert.True);
        });

        Assert.True(passed);
        Assert.Equal(CoordinatorVerdict.Committed, results[$"open-{Accounts[0]}"].Verdict);
        Assert.All(Accounts[1..], a => Assert.Equal(CoordinatorVerdict.Unavailable, results[$"open-{a}"].Verdict));
        Assert.All(Accounts[1..], a => Assert.Contains("deadline", results[$"open-{a}"].Message, StringComparison.Ordinal));
        Assert.Equal(Rounds(Accounts[..1], Accounts[1..]), Seen(peers.Votes.Select(v => v.Accounts)));
    }

    [Fact]
    public void A_write_whose_shared_prepare_met_a_higher_promise_votes_above_it_in_a_round_of_its_own()
    {
        var peers = new HeldBackPeers();
        var promised = Accounts[4];
        var higher = new Ballot(1, 1_000, 1);
        foreach (var replica in new[] { 1, 2 })
        {
            Assert.True(peers.Replica(replica).Transact(s => ReplicaRules.Prepare(s, new PrepareRequest(higher, [promised]))).Promised);
        }

        var results = OpenAll(peers, peers.Coordinator(sharedRoundAccounts: 256), Accounts);

        // Every write commits at once: each one's own vote asks for a ballot above the refusal.
        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.All(Accounts[1..], a => Assert.Contains(peers.Votes, v => v.Accounts.SequenceEqual([a]) && v.Above == higher));
    }

    [Fact]
    public void Writes_on_one_account_never_share_a_round()
    {
        var peers = new HeldBackPeers();
        var results = OpenAll(peers, peers.Coordinator(sharedRoundAccounts: 256), [Accounts[0], Accounts[1]], then: [Deposit(Accounts[0])]);

        // The deposit waits for the open's account lock, and then finds the account prepared.
        Assert.All(results.Values, r => Assert.Equal(CoordinatorVerdict.Committed, r.Verdict));
        Assert.Equal(Rounds(Accounts[..1], Accounts[1..2]), Seen(peers.Votes.Select(v => v.Accounts)));
    }

    // Starts one open per account (then `then`), the first alone while the votes are held, the
    // others while it waits; then (after `beforeRelease`) lets the votes through and runs the loop
    // until every write (or `answered` of them) answered.
    private static Dictionary<string, CoordinatorResult> OpenAll(
        HeldBackPeers peers, OperationCoordinator coordinator, string[] accounts,
        int? answered = null, BankOperation[]? then = null, Action? beforeRelease = null) =>
        RunWithVotesHeld(peers, coordinator, [.. accounts.Select(Open), .. then ?? []], beforeRelease, answered)
            .ToDictionary(r => r.Key, r => (CoordinatorResult)r.Value);

    // As OpenAll, with the given operations; `cancelled`'s caller gives up just before the votes
    // are let through. Each answer, or the cancellation.
    private static Dictionary<string, object> RunCancellingOne(
        HeldBackPeers peers, OperationCoordinator coordinator, BankOperation[] operations, BankOperation cancelled)
    {
        using var cancel = new CancellationTokenSource();
        return RunWithVotesHeld(peers, coordinator, operations, cancel.Cancel, token: op => op == cancelled ? cancel.Token : CancellationToken.None);
    }

    // Starts the operations in order on one loop, the first alone while the votes are held; at
    // 1 ms runs `beforeRelease` and lets the votes through, then runs until every operation (or
    // `answered` of them) answered. Each answer, or the cancellation an operation ended with.
    private static Dictionary<string, object> RunWithVotesHeld(
        HeldBackPeers peers, OperationCoordinator coordinator, BankOperation[] operations,
        Action? beforeRelease = null, int? answered = null, Func<BankOperation, CancellationToken>? token = null)
    {
        var loop = new SimLoop();
        var results = new Dictionary<string, object>();
        var votes = peers.HoldVotes();
        foreach (var op in operations)
        {
            loop.Spawn(async () =>
            {
                try
                {
                    results[op.TxId] = await coordinator.ExecuteAsync(op, token?.Invoke(op) ?? CancellationToken.None);
                }
                catch (OperationCanceledException e)
                {
                    results[op.TxId] = e;
                }
            });
        }

        loop.At(TimeSpan.FromMilliseconds(1), () =>
        {
            beforeRelease?.Invoke();
            votes.Release();
        });
        loop.Run(() => results.Count == (answered ?? operations.Length), TimeSpan.FromSeconds(1));
        return results;
    }

    // Requests as sorted account lists: a vote's third request may reach its member after the next
    // round's first. Each round's vote and prepare reach all three members or replicas.
    private static string[] Rounds(params string[][] rounds) => Seen(rounds.SelectMany(r => Enumerable.Repeat(r, 3)));

    private static string[] Seen(IEnumerable<IReadOnlyList<string>> requests) =>
        [.. requests.Select(r => string.Join(",", r)).Order(StringComparer.Ordinal)];

    private static BankOperation Deposit(string account) =>
        new($"deposit-{account}", OperationKind.Deposit, account, null, 100, "alice", null, false, DateTimeOffset.UnixEpoch);

    private static BankOperation Open(string account) =>
        new($"open-{account}", OperationKind.OpenAccount, account, null, 0, "alice", "alice", false, DateTimeOffset.UnixEpoch);
}
