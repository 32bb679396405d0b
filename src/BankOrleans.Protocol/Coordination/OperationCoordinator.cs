using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using static BankOrleans.Protocol.Coordination.QuorumFanOut;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The proposer side of the write path (ARCHITECTURE §3): lease vote, prepare, completion,
/// accept, commit, repair. One instance serves one coordinator identity. Operations on it may
/// run concurrently (a reentrant leader grain does that); those that share an account take turns
/// on it, in account order.
/// </summary>
/// <remarks>
/// Safety never rests on the lease: it comes from ballots checked by the replicas. The lease
/// only keeps coordinators from duelling. A silent peer always counts as "no". The rounds that
/// win the lease and the promises are <see cref="LeaseRounds"/>; this class adds what execute,
/// read and reconcile each do with them, and the fast path that needs no round.
/// </remarks>
public sealed class OperationCoordinator
{
    private readonly IProtocolPeers _peers;
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly QuorumFanOut _fanOut;
    private readonly LeaseRounds _rounds;
    private readonly Action<IReadOnlyList<LedgerEntry>>? _onCommitted;
    private readonly Action<IReadOnlyList<string>>? _onLaggardLeft;

    // Multi-Paxos fast path: accounts this coordinator prepared and then wrote.
    private readonly PreparedAccounts _prepared;
    private readonly AccountLocks _locks = new();

    private Task _lastRepair = Task.CompletedTask;

    /// <summary>Creates a coordinator.</summary>
    /// <param name="id">Unique per coordinator activation: two live coordinators never share it.</param>
    /// <param name="peers">The council members and replicas.</param>
    /// <param name="options">Timing.</param>
    /// <param name="time">The clock for deadlines, timeouts and backoff.</param>
    /// <param name="random">Jitter source (seeded in the simulator).</param>
    /// <param name="onCommitted">
    /// Called once with the ledger rows of every operation this coordinator commits (both legs of a
    /// transfer together), e.g. to feed the read replica. Must not block; exceptions are ignored.
    /// </param>
    /// <param name="onLaggardLeft">
    /// Called with the accounts of a committed operation that a master still lacks after the
    /// laggard repair (its accept and the install both failed), e.g. to have anti-entropy repair
    /// them before its sweep reaches them. Must not block; exceptions are ignored.
    /// </param>
    public OperationCoordinator(
        string id, IProtocolPeers peers, CoordinatorOptions options, TimeProvider time, Random random,
        Action<IReadOnlyList<LedgerEntry>>? onCommitted = null, Action<IReadOnlyList<string>>? onLaggardLeft = null)
    {
        _onCommitted = onCommitted;
        _onLaggardLeft = onLaggardLeft;
        _peers = peers;
        _options = options;
        _time = time;
        _fanOut = new QuorumFanOut(options, time);
        _rounds = new LeaseRounds(id, peers, _fanOut, options, time, random);
        _prepared = new PreparedAccounts(options.PreparedCapacity);
    }

    /// <summary>The laggard repair started by the last committed operation (tests wait for it).</summary>
    internal Task LastRepair => _lastRepair;

    /// <summary>
    /// Runs <paramref name="op"/> to a verdict within the operation deadline. Committed and
    /// Rejected are final; Unavailable means nothing was accepted anywhere; Unknown means the
    /// same request id must be retried to learn the outcome.
    /// </summary>
    public async Task<CoordinatorResult> ExecuteAsync(BankOperation op, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + _options.OperationDeadline;
        AcceptResult fast;
        using (await _locks.AcquireAsync(op.Accounts))
        {
            fast = await FastPathAsync(op, cancellationToken);
        }

        if (fast.Final is { } fastFinal)
        {
            return fastFinal;
        }

        var acceptMayHaveLanded = fast.AcceptMayHaveLanded;
        var end = await _rounds.RunAsync(
            op.Accounts,
            deadline,
            fast.Above,
            LeaseRoundPolicy.Execute,
            async (round, ct) =>
            {
                var accepted = await CompleteAndAcceptAsync(op, round, ct);
                acceptMayHaveLanded |= accepted.AcceptMayHaveLanded;
                return accepted.Final is { } final
                    ? RoundOutcome<CoordinatorResult>.Finish(final)
                    : RoundOutcome<CoordinatorResult>.Retry(accepted.Problem, accepted.Above);
            },
            // Two operations of this coordinator never propose on one account at once; a new
            // round's promises supersede whatever the fast path remembered for the accounts.
            async accounts =>
            {
                var held = await _locks.AcquireAsync(accounts);
                _prepared.Forget(accounts);
                return held;
            },
            cancellationToken);
        if (end.Finished)
        {
            return end.Value!;
        }

        // "Failed" is a strong word (rule 8).
        return acceptMayHaveLanded
            ? new CoordinatorResult(CoordinatorVerdict.Unknown, null, $"outcome unknown ({end.Problem}); retry with the same request id")
            : new CoordinatorResult(CoordinatorVerdict.Unavailable, null, $"unavailable: {end.Problem}");
    }

    /// <summary>
    /// Linearizable read (ARCHITECTURE §4, <c>--fresh</c>): the account's chosen state from a
    /// majority of promises, completed first if a majority did not already hold it.
    /// Returns null when no majority could be reached before the deadline.
    /// </summary>
    public async Task<AccountState?> ReadAsync(string account, CancellationToken cancellationToken = default)
    {
        var end = await _rounds.RunAsync(
            [account],
            _time.GetUtcNow() + _options.OperationDeadline,
            above: null,
            LeaseRoundPolicy.Read,
            async (round, ct) =>
            {
                var (completed, higher) = await CompleteOnMajorityAsync(round, ct);
                return completed
                    ? RoundOutcome<AccountState>.Finish(round.Resolution.Targets[account].State)
                    : RoundOutcome<AccountState>.Retry("could not complete the previous state on a majority", higher);
            },
            exclusive: null,
            cancellationToken);
        return end.Finished ? end.Value : null;
    }

    /// <summary>
    /// Reconciliation (ARCHITECTURE §3.5): brings every replica of <paramref name="accounts"/> to
    /// the majority's chosen state, completing a pending state first and transferring the rows a
    /// replica lacks. Returns true when every replica of <paramref name="mustHold"/> (default: all
    /// three) holds the chosen state.
    /// </summary>
    /// <param name="accounts">The accounts to reconcile (under one lease and one ballot).</param>
    /// <param name="mustHold">
    /// The replicas that must end up holding the state for success, e.g. only a restarting replica
    /// during its catch-up, or the reachable ones when a master is down; null for all three.
    /// </param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public async Task<bool> ReconcileAsync(
        IReadOnlyCollection<string> accounts, IReadOnlyCollection<int>? mustHold = null, CancellationToken cancellationToken = default)
    {
        var required = mustHold ?? Peers;
        var end = await _rounds.RunAsync(
            accounts,
            _time.GetUtcNow() + _options.OperationDeadline,
            above: null,
            LeaseRoundPolicy.Reconcile,
            async (round, ct) =>
            {
                var (installed, _) = await InstallAsync(round.Ballot, round.Resolution.Targets.Values.ToArray(), ct);
                return required.All(installed.Contains)
                    ? RoundOutcome<bool>.Finish(true)
                    : RoundOutcome<bool>.Retry("a replica that must hold the chosen state did not install it");
            },
            exclusive: null,
            cancellationToken);
        return end.Finished;
    }

    /// <summary>
    /// Fast path: when every account of <paramref name="op"/> was last written by this coordinator,
    /// accept straight away, fencing each account on the ballot it was prepared with and the state
    /// this coordinator wrote. Per account this is multi-Paxos: a prepared ballot proposes the next
    /// versions until someone prepares a higher one. Any answer but a decision drops the cache, so
    /// one ballot never proposes twice for one version.
    /// </summary>
    private async Task<AcceptResult> FastPathAsync(BankOperation op, CancellationToken ct)
    {
        var accounts = op.Accounts;
        if (!_prepared.HoldsAll(accounts))
        {
            return AcceptResult.Retry("no prepared state");
        }

        var ballots = accounts.ToDictionary(a => a, _prepared.BallotOf, StringComparer.Ordinal);
        var targets = accounts.ToDictionary(a => a, _prepared.StateOf, StringComparer.Ordinal);
        return await AcceptAndCommitAsync(op, ballots, targets, "the prepared ballot was superseded", ct);
    }

    // A round of a write: the picked states are completed, then the operation is accepted on them.
    private async Task<AcceptResult> CompleteAndAcceptAsync(BankOperation op, LeaseRound round, CancellationToken ct)
    {
        var (completed, higher) = await CompleteOnMajorityAsync(round, ct);
        if (!completed)
        {
            return AcceptResult.Retry("could not complete the previous state on a majority", above: higher);
        }

        var targets = op.Accounts.ToDictionary(a => a, a => round.Resolution.Targets[a].State, StringComparer.Ordinal);
        var ballots = op.Accounts.ToDictionary(a => a, _ => round.Ballot, StringComparer.Ordinal);
        return await AcceptAndCommitAsync(op, ballots, targets, "the accept did not reach a majority", ct);
    }

    /// <summary>
    /// Accept and commit (rules 5 and 6, ARCHITECTURE §3.3–3.4) of <paramref name="op"/> on the chosen states
    /// <paramref name="targets"/>, each account under the ballot it was prepared with
    /// (<paramref name="ballots"/>): a decision is final (committed,
    /// with laggard repair and the read-replica feed, or rejected); anything else is a retry that
    /// says whether the accept may have landed.
    /// </summary>
    private async Task<AcceptResult> AcceptAndCommitAsync(
        BankOperation op, Dictionary<string, Ballot> ballots, Dictionary<string, AccountState> targets, string problem, CancellationToken ct)
    {
        var expected = OperationRules.Evaluate(op, targets);
        var request = new AcceptRequest(op, op.Accounts.Select(a => new AccountFence(a, ballots[a], targets[a].Version, targets[a].Head)).ToArray());
        var (replies, late) = await _fanOut.GatherWithLateAsync(r => _peers.AcceptAsync(r, request, ct), answers => CommitRule(answers) is not null, ct);
        if (CommitRule(replies) is { } outcome)
        {
            RememberDecided(ballots, outcome, expected, targets);
            if (!outcome.Applied)
            {
                return AcceptResult.Done(new CoordinatorResult(CoordinatorVerdict.Rejected, outcome, outcome.RejectionCode ?? "rejected"));
            }

            if (replies.All(r => r.Reply.Status != AcceptStatus.AlreadyApplied))
            {
                var applied = replies.Where(r => r.Reply.Outcome is { } o && o.SameAs(outcome)).Select(r => r.Peer).ToHashSet();
                _lastRepair = RepairLaggardsAsync(ballots, targets, expected, outcome, applied, late);
                if (expected.Outcome.SameAs(outcome))
                {
                    NotifyCommitted(expected.Entries);
                }
            }
            else if (AlreadyAppliedRows(op, replies) is { } rows)
            {
                // A retry: the first attempt's feed may have been lost with its coordinator, and
                // the reader's staleness rule counts on every answered commit being reported
                // (feed rule) — with one leg of a transfer when that is all a replica holds.
                NotifyCommitted(rows);
            }

            // The answer goes to the actor: only the balances of its own accounts.
            return AcceptResult.Done(new CoordinatorResult(CoordinatorVerdict.Committed, OperationRules.VisibleTo(op, outcome, targets), "committed"));
        }

        _prepared.Forget(op.Accounts);
        if (RefusedAsFrozen(replies))
        {
            return AcceptResult.Done(new CoordinatorResult(
                CoordinatorVerdict.Unavailable, null, "unavailable: the account is frozen until its replicas can be reconciled"));
        }

        var higher = replies.Where(r => r.Reply.Status == AcceptStatus.BallotRejected).Select(r => r.Reply.HighestPromised).ToArray();
        return AcceptResult.Retry(problem, above: higher.Length > 0 ? higher.Max() : null, acceptMayHaveLanded: AcceptMayHaveLanded(replies));
    }

    // Commit rule (rule 6): a majority of identical evaluations, or one replica that found the
    // request already applied in the fenced (chosen) history.
    private static OperationOutcome? CommitRule(IReadOnlyList<(int Peer, AcceptReply Reply)> answers)
    {
        var already = answers.FirstOrDefault(a => a.Reply.Status == AcceptStatus.AlreadyApplied && a.Reply.Outcome is not null);
        if (already.Reply is not null)
        {
            return already.Reply.Outcome;
        }

        var evaluated = answers.Where(a => a.Reply.Status == AcceptStatus.Evaluated && a.Reply.Outcome is not null)
            .Select(a => a.Reply.Outcome!)
            .ToArray();
        return evaluated.FirstOrDefault(o => evaluated.Count(x => x.SameAs(o)) >= Majority);
    }

    // The committed rows a replica found already applied: those of the replica that holds the most
    // accounts of the operation (all of them, usually; one leg of a transfer, when a later write
    // completed only that account there, and the hooks then mark it without feeding it).
    private static IReadOnlyList<LedgerEntry>? AlreadyAppliedRows(BankOperation op, IReadOnlyList<(int Peer, AcceptReply Reply)> replies) =>
        replies
            .Where(r => r.Reply.Status == AcceptStatus.AlreadyApplied && r.Reply.Rows is { Count: > 0 })
            .Select(r => r.Reply.Rows!.Where(row => row.TxId == op.TxId && op.Accounts.Contains(row.Account)).ToArray())
            .Where(rows => rows.Length > 0)
            .MaxBy(rows => rows.Length);

    // Accept rule (rule 5), frozen accounts refuse: a majority refused because the account is frozen
    // (or the replica is not serving), at least one because it is frozen, and no replica applied or
    // holds the request.
    private static bool RefusedAsFrozen(IReadOnlyList<(int Peer, AcceptReply Reply)> replies) =>
        replies.Count == Peers.Length
        && replies.Any(r => r.Reply.Status == AcceptStatus.Frozen)
        && replies.Count(r => r.Reply.Status is AcceptStatus.Frozen or AcceptStatus.NotServing) >= Majority
        && replies.All(r => r.Reply.Status is AcceptStatus.Frozen or AcceptStatus.NotServing or AcceptStatus.BallotRejected or AcceptStatus.StateMismatch && r.Reply.Outcome is null);

    // "Failed" is a strong word (rule 8): only a ballot refusal (or a replica that never evaluated
    // it) from a replica that does not hold the request proves it is not there and never will be:
    // promises only grow, while a replica that was merely behind may still apply a delayed copy
    // once it catches up.
    private static bool AcceptMayHaveLanded(IReadOnlyList<(int Peer, AcceptReply Reply)> replies) =>
        replies.Count < Peers.Length
        || replies.Any(r => r.Reply.Status is not (AcceptStatus.BallotRejected or AcceptStatus.NotServing) || r.Reply.Outcome is not null);

    // The state a decided accept left, for the fast path; anything uncertain is forgotten instead.
    private void RememberDecided(Dictionary<string, Ballot> ballots, OperationOutcome outcome, Evaluation expected, Dictionary<string, AccountState> before)
    {
        if (!outcome.Applied && outcome.SameAs(expected.Outcome))
        {
            foreach (var (account, state) in before)
            {
                _prepared.Remember(account, ballots[account], state);
            }
        }
        else if (outcome.Applied && outcome.SameAs(expected.Outcome))
        {
            foreach (var state in expected.NewStates)
            {
                _prepared.Remember(state.Account, ballots[state.Account], state);
            }
        }
        else
        {
            _prepared.Forget(before.Keys.ToArray());
        }
    }

    // Pick rule (rule 3), completion: the picked states that a majority did not already hold
    // under one ballot are made chosen under ours on a majority before anything is built on them.
    private async Task<(bool Completed, Ballot? Higher)> CompleteOnMajorityAsync(LeaseRound round, CancellationToken ct)
    {
        var completions = round.Resolution.Targets.Values.Where(t => t.NeedsCompletion).ToArray();
        if (completions.Length == 0)
        {
            return (true, null);
        }

        var (installed, higher) = await InstallAsync(round.Ballot, completions, ct);
        return (installed.Count >= Majority, higher);
    }

    /// <summary>
    /// Installs <paramref name="targets"/> under <paramref name="ballot"/> on every replica, sending
    /// the whole history to one that diverged (repair rule). Returns the replicas that installed and
    /// the highest ballot a refusal named.
    /// </summary>
    private async Task<(HashSet<int> Installed, Ballot? Higher)> InstallAsync(Ballot ballot, AccountTarget[] targets, CancellationToken ct)
    {
        var request = new InstallRequest(ballot, targets.Select(t => t.ToInstall()).ToArray());
        var replies = await _fanOut.GatherAsync(r => _peers.InstallAsync(r, request, ct), _ => false, ct);
        var installed = replies.Where(r => r.Reply.Status == InstallStatus.Installed).Select(r => r.Peer).ToHashSet();
        foreach (var diverged in replies.Where(r => r.Reply.Status == InstallStatus.Diverged))
        {
            if (await RepairRuleAsync(diverged.Peer, ballot, targets, ct))
            {
                installed.Add(diverged.Peer);
            }
        }

        var refusals = replies.Where(r => r.Reply.Status == InstallStatus.BallotRejected).Select(r => r.Reply.HighestPromised).ToArray();
        return (installed, refusals.Length > 0 ? refusals.Max() : null);
    }

    // Repair rule: a replica that lacks history gets the chosen rows (state transfer, not re-execution).
    private async Task<bool> RepairRuleAsync(
        int replica, Ballot ballot, IReadOnlyList<AccountTarget> targets, CancellationToken ct, IReadOnlyDictionary<string, Ballot>? ballots = null)
    {
        var installs = new List<AccountInstall>();
        foreach (var target in targets)
        {
            var rows = target.BaseVersion == 0
                ? []
                : await _fanOut.CallAsync(c => _peers.ReadEntriesAsync(target.SourceReplica, target.State.Account, 0, (int)Math.Min(target.BaseVersion, _options.RepairBatchSize), c), ct);
            if (rows is null || rows.Count != target.BaseVersion)
            {
                return false;
            }

            var history = rows.Concat(target.Entries).ToArray();
            if (!LedgerHash.IsValidChain(0, "", history))
            {
                return false;
            }

            installs.Add(new AccountInstall(0, "", history, target.State, ballots?[target.State.Account]));
        }

        var reply = await _fanOut.CallAsync(c => _peers.InstallAsync(replica, new InstallRequest(ballot, installs), c), ct);
        return reply?.Status == InstallStatus.Installed;
    }

    // A replica whose accept is still in flight when the majority decided usually applies it a
    // moment later: only one that then answers otherwise (or not at all) is sent the rows.
    private async Task RepairLaggardsAsync(
        Dictionary<string, Ballot> ballots, Dictionary<string, AccountState> before, Evaluation applied, OperationOutcome outcome,
        HashSet<int> upToDate, Task<List<(int Peer, AcceptReply Reply)>> late)
    {
        var source = upToDate.First();
        foreach (var (peer, reply) in await late)
        {
            if (reply.Outcome is { } o && o.SameAs(outcome))
            {
                upToDate.Add(peer);
            }
        }

        if (upToDate.Count == Peers.Length)
        {
            return;
        }

        // Each account is stamped with the ballot it was prepared and accepted under.
        var ballot = ballots.Values.Max()!;
        var targets = applied.NewStates
            .Select(s =>
            {
                var rows = applied.Entries.Where(e => e.Account == s.Account).ToArray();
                var prior = before[s.Account];
                return new AccountTarget(s, true, prior.Version, prior.Head, rows, source);
            })
            .ToArray();
        var repaired = true;
        foreach (var replica in Peers.Where(p => !upToDate.Contains(p)))
        {
            var request = new InstallRequest(ballot, targets.Select(t => t.ToInstall() with { Ballot = ballots[t.State.Account] }).ToArray());
            var reply = await _fanOut.CallAsync(c => _peers.InstallAsync(replica, request, c), CancellationToken.None);
            var installed = reply?.Status == InstallStatus.Installed
                || (reply?.Status == InstallStatus.Diverged && await RepairRuleAsync(replica, ballot, targets, CancellationToken.None, ballots));
            repaired &= installed;
        }

        if (!repaired)
        {
            Report(_onLaggardLeft, targets.Select(t => t.State.Account).ToArray());
        }
    }

    private void NotifyCommitted(IReadOnlyList<LedgerEntry> rows) => Report(_onCommitted, rows);

    // The hooks feed caches and hints (the read replica, anti-entropy), which fill their own gaps:
    // a failure there must never change the answer of a committed write.
    private static void Report<T>(Action<T>? hook, T value)
    {
        try
        {
            hook?.Invoke(value);
        }
        catch (Exception)
        {
            // Ignored, see above.
        }
    }

    private sealed record AcceptResult(CoordinatorResult? Final, string Problem, Ballot? Above, bool AcceptMayHaveLanded)
    {
        public static AcceptResult Done(CoordinatorResult result) => new(result, "", null, false);

        public static AcceptResult Retry(string problem, Ballot? above = null, bool acceptMayHaveLanded = false) =>
            new(null, problem, above, acceptMayHaveLanded);
    }
}
