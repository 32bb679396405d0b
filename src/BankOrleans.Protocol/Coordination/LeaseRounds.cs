using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using static BankOrleans.Protocol.Coordination.QuorumFanOut;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The round loop that execute, read and reconcile share (protocol rules 1–4). Until the
/// operation's deadline, each round backs off after the one before, wins the lease vote, prepares
/// the accounts and picks each one's chosen state from the promises, widening the lease when a
/// pending transfer touches an account outside it; it then hands the round to the caller's step,
/// which finishes the operation or says why to try again. The lease is released after every round
/// that won it.
/// </summary>
internal sealed class LeaseRounds
{
    private readonly string _coordinator;
    private readonly IProtocolPeers _peers;
    private readonly QuorumFanOut _fanOut;
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly SharedRounds _shared;

    public LeaseRounds(string coordinator, IProtocolPeers peers, QuorumFanOut fanOut, CoordinatorOptions options, TimeProvider time, Random random)
    {
        _coordinator = coordinator;
        _peers = peers;
        _fanOut = fanOut;
        _options = options;
        _time = time;
        _random = random;

        // A shared round is not cancelled by any one member's token.
        _shared = new SharedRounds(options.SharedRoundAccounts, time, (accounts, above) => PhaseOneAsync(accounts, above, waitForAll: false, CancellationToken.None));
    }

    /// <summary>
    /// Runs rounds on <paramref name="accounts"/> until <paramref name="underLease"/> finishes one,
    /// the <paramref name="deadline"/> passes, or (per <paramref name="policy"/>) the peers stay
    /// silent. Returns the finishing outcome, or the last retry (its problem says why it ended).
    /// </summary>
    /// <param name="accounts">The accounts to lease and prepare; rounds may add more.</param>
    /// <param name="deadline">No round starts after it.</param>
    /// <param name="above">A ballot the first vote must beat, if one is known.</param>
    /// <param name="policy">How this use of the loop differs from the others.</param>
    /// <param name="underLease">The step of a round that holds the lease and the picked states.</param>
    /// <param name="exclusive">
    /// Taken before each round's vote and disposed after its release, with the round's accounts:
    /// an operation's local account locks.
    /// </param>
    /// <param name="ct">Cancels the operation.</param>
    public async Task<RoundOutcome<T>> RunAsync<T>(
        IEnumerable<string> accounts,
        DateTimeOffset deadline,
        Ballot? above,
        LeaseRoundPolicy policy,
        Func<LeaseRound, CancellationToken, Task<RoundOutcome<T>>> underLease,
        Func<string[], Task<IDisposable>>? exclusive,
        CancellationToken ct)
    {
        var lease = new SortedSet<string>(accounts, StringComparer.Ordinal);
        var last = RoundOutcome<T>.Retry("no attempt was made");
        var unreachableInARow = 0;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                if (_time.GetUtcNow() >= deadline
                    || (policy.GivesUpWhenUnreachable && unreachableInARow >= _options.UnreachableAttemptsBeforeGivingUp))
                {
                    break;
                }

                await BackoffAsync(attempt, ct);
                if (policy.StopsAtDeadlineAfterBackoff && _time.GetUtcNow() >= deadline)
                {
                    break;
                }
            }
            else if (_time.GetUtcNow() >= deadline)
            {
                break;
            }

            var names = lease.ToArray();
            using (exclusive is null ? null : await exclusive(names))
            {
                last = await RoundAsync(names, above, deadline, policy, underLease, ct);
            }

            if (last.Finished)
            {
                break;
            }

            above = last.Above ?? above;
            unreachableInARow = last.Unreachable ? unreachableInARow + 1 : 0;
            lease.UnionWith(last.MoreAccounts);
        }

        return last;
    }

    private async Task<RoundOutcome<T>> RoundAsync<T>(
        string[] accounts, Ballot? above, DateTimeOffset deadline, LeaseRoundPolicy policy,
        Func<LeaseRound, CancellationToken, Task<RoundOutcome<T>>> underLease, CancellationToken ct)
    {
        if (policy.SharesPhaseOne && _shared.Admits(accounts))
        {
            if (await _shared.JoinAsync(accounts, above, deadline, ct) is not { } shared)
            {
                return RoundOutcome<T>.Retry("the deadline passed while the write waited for a shared round");
            }

            if (!shared.MayBeAnotherWritesLoss)
            {
                return await FinishRoundAsync(accounts, shared, policy, underLease, ct);
            }

            // Lost to another coordinator's lease or to a higher promise, either of which may be on
            // another write's accounts: a round of its own says whether it is this write's (a lost
            // vote has already released the accounts).
            if (shared.Ballot is not null)
            {
                ReleaseLease(accounts);
            }

            if (shared.HighestRefused is { } refused && (above is null || refused > above.Value))
            {
                above = refused;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return RoundOutcome<T>.Retry("the deadline passed during a shared round lost on another write's account", above: above);
            }
        }

        return await FinishRoundAsync(accounts, await PhaseOneAsync(accounts, above, policy.WaitsForEveryPromise, ct), policy, underLease, ct);
    }

    // The rest of a round after phase 1: it goes on only with the vote and a majority of promises,
    // and releases the lease whenever the vote was won.
    private async Task<RoundOutcome<T>> FinishRoundAsync<T>(
        string[] accounts, PhaseOne phase, LeaseRoundPolicy policy, Func<LeaseRound, CancellationToken, Task<RoundOutcome<T>>> underLease, CancellationToken ct)
    {
        if (phase.Ballot is not { } ballot)
        {
            return phase.VoteAnswered < Majority
                ? RoundOutcome<T>.Retry("fewer than two council members answered", unreachable: true)
                : RoundOutcome<T>.Retry("another coordinator holds the lease");
        }

        try
        {
            if (phase.Promises.Length < Majority)
            {
                var refused = phase.HighestRefused;
                return RoundOutcome<T>.Retry(
                    refused is null ? "fewer than two replicas answered" : "a replica promised a higher ballot",
                    above: refused,
                    unreachable: phase.PrepareAnswered < Majority && (refused is null || policy.RefusedPrepareCountsAsUnreachable));
            }

            var outcome = await PickThenStepAsync(ballot, accounts, phase.Promises, underLease, ct);
            return policy.EveryRefusalRaisesTheNextBallot && !outcome.Finished && outcome.Above is null
                ? outcome with { Above = phase.HighestRefused }
                : outcome;
        }
        finally
        {
            ReleaseLease(accounts);
        }
    }

    /// <summary>Phase 1 (rules 1–2): the lease vote, then, if it was won, the prepare under its ballot.</summary>
    private async Task<PhaseOne> PhaseOneAsync(string[] accounts, Ballot? above, bool waitForAll, CancellationToken ct)
    {
        var vote = await LeaseVoteAsync(accounts, above, ct);
        if (vote.Ballot is not { } ballot)
        {
            return PhaseOne.VoteLost(vote.Answered, vote.HeldElsewhere);
        }

        try
        {
            var prepared = await PrepareAsync(ballot, accounts, waitForAll, ct);
            return new PhaseOne(ballot, vote.Answered, false, prepared.Promises, prepared.HighestRefused, prepared.Answered);
        }
        catch
        {
            ReleaseLease(accounts);
            throw;
        }
    }

    private async Task<RoundOutcome<T>> PickThenStepAsync<T>(
        Ballot ballot, string[] accounts, (int Peer, PrepareReply Reply)[] promises,
        Func<LeaseRound, CancellationToken, Task<RoundOutcome<T>>> underLease, CancellationToken ct)
    {
        var resolution = await PickAsync(accounts, promises, ct);
        if (resolution is null)
        {
            return RoundOutcome<T>.Retry("a replica did not answer a history read");
        }

        if (resolution.MissingAccounts.Count > 0)
        {
            return RoundOutcome<T>.Retry("a pending transfer touches another account", moreAccounts: resolution.MissingAccounts);
        }

        return await underLease(new LeaseRound(ballot, resolution), ct);
    }

    /// <summary>
    /// Lease vote (rule 1): 2 of 3 grants; a silent member counts as no. Returns the highest ballot
    /// granted, or null (after releasing every member) when the vote was lost; how many members
    /// answered; and whether a member refused because another coordinator holds an account.
    /// </summary>
    private async Task<(Ballot? Ballot, int Answered, bool HeldElsewhere)> LeaseVoteAsync(string[] accounts, Ballot? above, CancellationToken ct)
    {
        var votes = await _fanOut.GatherAsync(
            m => _peers.RequestLeaseAsync(m, new LeaseRequest(_coordinator, accounts, above), ct),
            answers => answers.Count(a => a.Reply.Granted) >= Majority,
            ct);
        var granted = votes.Where(v => v.Reply.Granted).ToArray();
        if (granted.Length < Majority)
        {
            ReleaseLease(accounts);
            return (null, votes.Count, votes.Any(v => v.Reply.Holder is { } holder && holder != _coordinator));
        }

        return (granted.Max(g => g.Reply.Ballot), votes.Count, false);
    }

    /// <summary>
    /// Prepare (rule 2): durable promises for <paramref name="ballot"/> on every account, from a majority
    /// (or, with <paramref name="waitForAll"/>, from every replica that answers in time).
    /// </summary>
    private async Task<Prepared> PrepareAsync(Ballot ballot, string[] accounts, bool waitForAll, CancellationToken ct)
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
    /// Pick rule and transfer rule (rules 3 and 4, <see cref="Resolver"/>): each account's chosen
    /// state from the promises, reading the history rows the resolver asks for. Null when a replica
    /// did not answer such a read.
    /// </summary>
    private async Task<Resolution?> PickAsync(string[] accounts, (int Peer, PrepareReply Reply)[] promises, CancellationToken ct)
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

    // Lease vote (rule 1): every member is told, not only those whose grant arrived in time: a grant
    // that came after the vote was counted would otherwise block the account until it expires.
    private void ReleaseLease(string[] accounts)
    {
        foreach (var member in Peers)
        {
            _ = _fanOut.CallAsync(async c =>
            {
                await _peers.ReleaseLeaseAsync(member, _coordinator, accounts, c);
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
}
