using BankOrleans.Contracts;
using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The proposer side of the write path (ARCHITECTURE §3): lease vote, prepare, completion,
/// accept, commit, repair. One instance serves one coordinator identity. Operations on it may
/// run concurrently (a reentrant leader grain does that); those that share an account take turns
/// on it, in account order.
/// </summary>
/// <remarks>
/// Safety never rests on the lease: it comes from ballots checked by the replicas. The lease
/// only keeps coordinators from duelling. A silent peer always counts as "no".
/// </remarks>
public sealed class OperationCoordinator
{
    private static readonly int[] Peers = QuorumFanOut.Peers;
    private const int Majority = QuorumFanOut.Majority;

    private readonly string _id;
    private readonly IProtocolPeers _peers;
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly QuorumFanOut _fanOut;
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
        _id = id;
        _peers = peers;
        _options = options;
        _time = time;
        _random = random;
        _fanOut = new QuorumFanOut(options, time);
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
        var accounts = new SortedSet<string>(op.Accounts, StringComparer.Ordinal);
        Ballot? above = null;
        var acceptMayHaveLanded = false;
        AttemptResult fast;
        using (await _locks.AcquireAsync(op.Accounts))
        {
            fast = await FastPathAsync(op, cancellationToken);
        }

        if (fast.Final is { } fastFinal)
        {
            return fastFinal;
        }

        acceptMayHaveLanded = fast.AcceptMayHaveLanded;
        above = fast.Above;
        var unreachableInARow = 0;
        var problem = "no attempt was made";

        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                if (_time.GetUtcNow() >= deadline || unreachableInARow >= _options.UnreachableAttemptsBeforeGivingUp)
                {
                    break;
                }

                await BackoffAsync(attempt, cancellationToken);
            }

            if (_time.GetUtcNow() >= deadline)
            {
                break;
            }

            var lease = accounts.ToArray();
            AttemptResult attemptResult;
            using (await _locks.AcquireAsync(lease))
            {
                _prepared.Forget(lease);
                attemptResult = await AttemptAsync(op, lease, above, cancellationToken);
            }

            if (attemptResult.Final is { } final)
            {
                return final;
            }

            above = attemptResult.Above ?? above;
            acceptMayHaveLanded |= attemptResult.AcceptMayHaveLanded;
            unreachableInARow = attemptResult.Unreachable ? unreachableInARow + 1 : 0;
            problem = attemptResult.Problem;
            foreach (var extra in attemptResult.MoreAccounts)
            {
                accounts.Add(extra);
            }
        }

        return acceptMayHaveLanded
            ? new CoordinatorResult(CoordinatorVerdict.Unknown, null, $"outcome unknown ({problem}); retry with the same request id")
            : new CoordinatorResult(CoordinatorVerdict.Unavailable, null, $"unavailable: {problem}");
    }

    /// <summary>
    /// Linearizable read (ARCHITECTURE §4, <c>--fresh</c>): the account's chosen state from a
    /// majority of promises, completed first if a majority did not already hold it.
    /// Returns null when no majority could be reached before the deadline.
    /// </summary>
    public async Task<AccountState?> ReadAsync(string account, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + _options.OperationDeadline;
        var lease = new SortedSet<string>([account], StringComparer.Ordinal);
        Ballot? above = null;
        var unreachableInARow = 0;
        for (var attempt = 0; _time.GetUtcNow() < deadline && unreachableInARow < _options.UnreachableAttemptsBeforeGivingUp; attempt++)
        {
            if (attempt > 0)
            {
                await BackoffAsync(attempt, cancellationToken);
            }

            var names = lease.ToArray();
            var vote = await VoteAsync(names, above, cancellationToken);
            unreachableInARow = vote.Answered < Majority ? unreachableInARow + 1 : 0;
            if (vote.Ballot is not { } ballot)
            {
                continue;
            }

            try
            {
                var prepared = await PrepareAllAsync(ballot, names, waitForAll: false, cancellationToken);
                above = prepared.HighestRefused ?? above;
                if (prepared.Promises.Length < Majority)
                {
                    unreachableInARow = prepared.Answered < Majority ? unreachableInARow + 1 : 0;
                    continue;
                }

                var resolution = await ResolveAsync(names, prepared.Promises, cancellationToken);
                if (resolution is null)
                {
                    continue;
                }

                if (resolution.MissingAccounts.Count > 0)
                {
                    lease.UnionWith(resolution.MissingAccounts);
                    continue;
                }

                var completions = resolution.Targets.Values.Where(t => t.NeedsCompletion).ToArray();
                if (completions.Length > 0)
                {
                    var (installed, higher) = await InstallOnMajorityAsync(ballot, completions, cancellationToken);
                    above = higher ?? above;
                    if (!installed)
                    {
                        continue;
                    }
                }

                return resolution.Targets[account].State;
            }
            finally
            {
                Release(names);
            }
        }

        return null;
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
        var deadline = _time.GetUtcNow() + _options.OperationDeadline;
        var lease = new SortedSet<string>(accounts, StringComparer.Ordinal);
        Ballot? above = null;
        for (var attempt = 0; _time.GetUtcNow() < deadline; attempt++)
        {
            if (attempt > 0)
            {
                await BackoffAsync(attempt, cancellationToken);
            }

            var names = lease.ToArray();
            if ((await VoteAsync(names, above, cancellationToken)).Ballot is not { } ballot)
            {
                continue;
            }

            try
            {
                // Every replica's promise is wanted: reconciliation ends with all three at one state.
                var prepared = await PrepareAllAsync(ballot, names, waitForAll: true, cancellationToken);
                above = prepared.HighestRefused ?? above;
                if (prepared.Promises.Length < Majority)
                {
                    continue;
                }

                var resolution = await ResolveAsync(names, prepared.Promises, cancellationToken);
                if (resolution is null)
                {
                    continue;
                }

                if (resolution.MissingAccounts.Count > 0)
                {
                    lease.UnionWith(resolution.MissingAccounts);
                    continue;
                }

                var targets = resolution.Targets.Values.ToArray();
                var request = new InstallRequest(ballot, targets.Select(t => t.ToInstall()).ToArray());
                var replies = await _fanOut.GatherAsync(r => _peers.InstallAsync(r, request, cancellationToken), _ => false, cancellationToken);
                var installed = replies.Where(r => r.Reply.Status == InstallStatus.Installed).Select(r => r.Peer).ToHashSet();
                foreach (var diverged in replies.Where(r => r.Reply.Status == InstallStatus.Diverged))
                {
                    if (await InstallFullHistoryAsync(diverged.Peer, ballot, targets, cancellationToken))
                    {
                        installed.Add(diverged.Peer);
                    }
                }

                if (required.All(installed.Contains))
                {
                    return true;
                }
            }
            finally
            {
                Release(names);
            }
        }

        return false;
    }

    private async Task<AttemptResult> AttemptAsync(BankOperation op, string[] accounts, Ballot? above, CancellationToken ct)
    {
        var vote = await VoteAsync(accounts, above, ct);
        if (vote.Ballot is not { } ballot)
        {
            return vote.Answered < Majority
                ? AttemptResult.Retry("fewer than two council members answered", unreachable: true)
                : AttemptResult.Retry("another coordinator holds the lease");
        }

        try
        {
            return await UnderLeaseAsync(op, accounts, ballot, ct);
        }
        finally
        {
            Release(accounts);
        }
    }

    private async Task<AttemptResult> UnderLeaseAsync(BankOperation op, string[] accounts, Ballot ballot, CancellationToken ct)
    {
        var prepared = await PrepareAllAsync(ballot, accounts, waitForAll: false, ct);
        if (prepared.Promises.Length < Majority)
        {
            return prepared.HighestRefused is { } refused
                ? AttemptResult.Retry("a replica promised a higher ballot", above: refused)
                : AttemptResult.Retry("fewer than two replicas answered", unreachable: prepared.Answered < Majority);
        }

        var resolution = await ResolveAsync(accounts, prepared.Promises, ct);
        if (resolution is null)
        {
            return AttemptResult.Retry("a replica did not answer a history read");
        }

        if (resolution.MissingAccounts.Count > 0)
        {
            return AttemptResult.Retry("a pending transfer touches another account", moreAccounts: resolution.MissingAccounts);
        }

        // Completion: make the picked state chosen under our ballot before building on it.
        var completions = resolution.Targets.Values.Where(t => t.NeedsCompletion).ToArray();
        if (completions.Length > 0)
        {
            var (installed, higher) = await InstallOnMajorityAsync(ballot, completions, ct);
            if (!installed)
            {
                return AttemptResult.Retry("could not complete the previous state on a majority", above: higher);
            }
        }

        var targets = op.Accounts.ToDictionary(a => a, a => resolution.Targets[a].State, StringComparer.Ordinal);
        var ballots = op.Accounts.ToDictionary(a => a, _ => ballot, StringComparer.Ordinal);
        return await AcceptRoundAsync(op, ballots, targets, "the accept did not reach a majority", ct);
    }

    /// <summary>
    /// Accept and commit (ARCHITECTURE §3.3–3.4) of <paramref name="op"/> on the chosen states
    /// <paramref name="targets"/>, each account under the ballot it was prepared with
    /// (<paramref name="ballots"/>): a decision is final (committed,
    /// with laggard repair and the read-replica feed, or rejected); anything else is a retry that
    /// says whether the accept may have landed.
    /// </summary>
    private async Task<AttemptResult> AcceptRoundAsync(
        BankOperation op, Dictionary<string, Ballot> ballots, Dictionary<string, AccountState> targets, string problem, CancellationToken ct)
    {
        var expected = OperationRules.Evaluate(op, targets);
        var request = new AcceptRequest(op, op.Accounts.Select(a => new AccountFence(a, ballots[a], targets[a].Version, targets[a].Head)).ToArray());
        var (replies, late) = await _fanOut.GatherWithLateAsync(r => _peers.AcceptAsync(r, request, ct), answers => Decided(answers) is not null, ct);
        if (Decided(replies) is { } outcome)
        {
            Remember(ballots, outcome, expected, targets);
            if (!outcome.Applied)
            {
                return AttemptResult.Done(new CoordinatorResult(CoordinatorVerdict.Rejected, outcome, outcome.RejectionCode ?? "rejected"));
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

            // The answer goes to the actor: only the balances of its own accounts.
            return AttemptResult.Done(new CoordinatorResult(CoordinatorVerdict.Committed, OperationRules.VisibleTo(op, outcome, targets), "committed"));
        }

        _prepared.Forget(op.Accounts);
        if (FrozenRefusal(replies))
        {
            return AttemptResult.Done(new CoordinatorResult(
                CoordinatorVerdict.Unavailable, null, "unavailable: the account is frozen until its replicas can be reconciled"));
        }

        // Only a ballot refusal (or a replica that never evaluated it) from a replica that does not
        // hold the request proves it is not there and never will be: promises only grow, while a
        // replica that was merely behind may still apply a delayed copy once it catches up.
        var higher = replies.Where(r => r.Reply.Status == AcceptStatus.BallotRejected).Select(r => r.Reply.HighestPromised).ToArray();
        return AttemptResult.Retry(
            problem,
            above: higher.Length > 0 ? higher.Max() : null,
            acceptMayHaveLanded: replies.Count < Peers.Length
                || replies.Any(r => r.Reply.Status is not (AcceptStatus.BallotRejected or AcceptStatus.NotServing) || r.Reply.Outcome is not null));
    }

    /// <summary>
    /// Lease vote: 2 of 3 grants; a silent member counts as no. Returns the highest ballot granted,
    /// or null (after releasing every member) when the vote was lost; and how many members answered.
    /// </summary>
    private async Task<(Ballot? Ballot, int Answered)> VoteAsync(string[] accounts, Ballot? above, CancellationToken ct)
    {
        var votes = await _fanOut.GatherAsync(
            m => _peers.RequestLeaseAsync(m, new LeaseRequest(_id, accounts, above), ct),
            answers => answers.Count(a => a.Reply.Granted) >= Majority,
            ct);
        var granted = votes.Where(v => v.Reply.Granted).ToArray();
        if (granted.Length < Majority)
        {
            Release(accounts);
            return (null, votes.Count);
        }

        return (granted.Max(g => g.Reply.Ballot), votes.Count);
    }

    /// <summary>
    /// Prepare: durable promises for <paramref name="ballot"/> on every account, from a majority
    /// (or, with <paramref name="waitForAll"/>, from every replica that answers in time).
    /// </summary>
    private async Task<Prepared> PrepareAllAsync(Ballot ballot, string[] accounts, bool waitForAll, CancellationToken ct)
    {
        var prepares = await _fanOut.GatherAsync(
            r => _peers.PrepareAsync(r, new PrepareRequest(ballot, accounts), ct),
            answers => !waitForAll && answers.Count(a => a.Reply.Promised) >= Majority,
            ct);
        var refusals = prepares.Where(p => !p.Reply.Promised).Select(p => p.Reply.HighestPromised).ToArray();
        return new Prepared(
            prepares.Where(p => p.Reply.Promised).Select(p => (p.Peer, p.Reply)).ToArray(),
            refusals.Length > 0 ? refusals.Max() : null,
            prepares.Count);
    }

    /// <summary>
    /// Fast path: when every account of <paramref name="op"/> was last written by this coordinator,
    /// accept straight away, fencing each account on the ballot it was prepared with and the state
    /// this coordinator wrote. Per account this is multi-Paxos: a prepared ballot proposes the next
    /// versions until someone prepares a higher one. Any answer but a decision drops the cache, so
    /// one ballot never proposes twice for one version.
    /// </summary>
    private async Task<AttemptResult> FastPathAsync(BankOperation op, CancellationToken ct)
    {
        var accounts = op.Accounts;
        if (!_prepared.HoldsAll(accounts))
        {
            return AttemptResult.Retry("no prepared state");
        }

        var ballots = accounts.ToDictionary(a => a, _prepared.BallotOf, StringComparer.Ordinal);
        var targets = accounts.ToDictionary(a => a, _prepared.StateOf, StringComparer.Ordinal);
        return await AcceptRoundAsync(op, ballots, targets, "the prepared ballot was superseded", ct);
    }

    // The state a decided accept left, for the fast path; anything uncertain is forgotten instead.
    private void Remember(Dictionary<string, Ballot> ballots, OperationOutcome outcome, Evaluation expected, Dictionary<string, AccountState> before)
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

    // A majority refused because the account is frozen (or the replica is not serving), at least one
    // because it is frozen, and no replica applied or holds the request.
    private static bool FrozenRefusal(IReadOnlyList<(int Peer, AcceptReply Reply)> replies) =>
        replies.Count == Peers.Length
        && replies.Any(r => r.Reply.Status == AcceptStatus.Frozen)
        && replies.Count(r => r.Reply.Status is AcceptStatus.Frozen or AcceptStatus.NotServing) >= Majority
        && replies.All(r => r.Reply.Status is AcceptStatus.Frozen or AcceptStatus.NotServing or AcceptStatus.BallotRejected or AcceptStatus.StateMismatch && r.Reply.Outcome is null);

    // Commit rule: a majority of identical evaluations, or one replica that found the request
    // already applied in the fenced (chosen) history.
    private static OperationOutcome? Decided(IReadOnlyList<(int Peer, AcceptReply Reply)> answers)
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

    private async Task<Resolution?> ResolveAsync(string[] accounts, (int Peer, PrepareReply Reply)[] promises, CancellationToken ct)
    {
        var lookups = new Dictionary<(string Account, long Version), LedgerEntry?>();
        for (var round = 0; round < 8; round++)
        {
            var resolution = Resolver.Resolve(accounts, promises, lookups);
            if (resolution.Lookups.Count == 0)
            {
                return resolution;
            }

            foreach (var lookup in resolution.Lookups)
            {
                var rows = await _fanOut.CallAsync(c => _peers.ReadEntriesAsync(lookup.Replica, lookup.Account, lookup.Version - 1, 1, c), ct);
                if (rows is null)
                {
                    return null;
                }

                lookups[(lookup.Account, lookup.Version)] = rows.FirstOrDefault(r => r.Version == lookup.Version);
            }
        }

        return null;
    }

    private async Task<(bool Installed, Ballot? Higher)> InstallOnMajorityAsync(Ballot ballot, AccountTarget[] targets, CancellationToken ct)
    {
        var request = new InstallRequest(ballot, targets.Select(t => t.ToInstall()).ToArray());
        var replies = await _fanOut.GatherAsync(r => _peers.InstallAsync(r, request, ct), _ => false, ct);
        var installed = replies.Count(r => r.Reply.Status == InstallStatus.Installed);
        foreach (var diverged in replies.Where(r => r.Reply.Status == InstallStatus.Diverged))
        {
            if (await InstallFullHistoryAsync(diverged.Peer, ballot, targets, ct))
            {
                installed++;
            }
        }

        var refusals = replies.Where(r => r.Reply.Status == InstallStatus.BallotRejected).Select(r => r.Reply.HighestPromised).ToArray();
        return (installed >= Majority, refusals.Length > 0 ? refusals.Max() : null);
    }

    // Repair rule: a replica that lacks history gets the chosen rows (state transfer, not re-execution).
    private async Task<bool> InstallFullHistoryAsync(
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
                || (reply?.Status == InstallStatus.Diverged && await InstallFullHistoryAsync(replica, ballot, targets, CancellationToken.None, ballots));
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

    // Every member is told, not only those whose grant arrived in time: a grant that came after the
    // vote was counted would otherwise block the account until it expires.
    private void Release(string[] accounts)
    {
        foreach (var member in Peers)
        {
            _ = _fanOut.CallAsync(async c =>
            {
                await _peers.ReleaseLeaseAsync(member, _id, accounts, c);
                return this;
            }, CancellationToken.None);
        }
    }

    private async Task BackoffAsync(int attempt, CancellationToken ct)
    {
        var ceiling = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.MinBackoff.TotalMilliseconds * Math.Pow(2, attempt));
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + _random.NextDouble()));
        await Task.Delay(delay, _time, ct);
    }

    private sealed record Prepared((int Peer, PrepareReply Reply)[] Promises, Ballot? HighestRefused, int Answered);

    private sealed record AttemptResult(
        CoordinatorResult? Final,
        string Problem,
        Ballot? Above,
        bool AcceptMayHaveLanded,
        bool Unreachable,
        IReadOnlyCollection<string> MoreAccounts)
    {
        public static AttemptResult Done(CoordinatorResult result) => new(result, "", null, false, false, []);

        public static AttemptResult Retry(
            string problem, Ballot? above = null, bool acceptMayHaveLanded = false, bool unreachable = false,
            IReadOnlyCollection<string>? moreAccounts = null) =>
            new(null, problem, above, acceptMayHaveLanded, unreachable, moreAccounts ?? []);
    }
}
