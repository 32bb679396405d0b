using BankOrleans.Contracts.Reconciliation;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// The decisions of one master's anti-entropy (ARCHITECTURE §3.5), pass after pass: compare the
/// suspects first, then the replicas' range summaries (<see cref="DigestRanges"/>) and the pages of
/// only the ranges where they differ, and act on each account's comparison — repair a minority
/// from the majority, freeze what no majority can decide, unfreeze what agrees again, and name
/// what the reader lacks. When a master does not answer its summary, the pass sweeps pages
/// instead. Each pass reads pages for about <see cref="AntiEntropyPassOptions.PassBudget"/>, so
/// its cost stays bounded; an idle pass reads none. Keeps its position and the suspects between passes;
/// not thread-safe (the caller runs one pass at a time). Production runs it in the anti-entropy
/// grain, the simulator among its simulated masters.
/// </summary>
public sealed class AntiEntropyPass
{
    private readonly IAntiEntropyPeers _peers;
    private readonly AntiEntropyPassOptions _options;
    private readonly TimeProvider _time;
    private readonly ReplicaSurvey _survey;
    private readonly SuspectList _suspects;

    // Where the next page starts: a pass compares pages for at most PassBudget, so its cost stays
    // bounded however many accounts there are, and consecutive passes sweep them all.
    private string _next = "";

    // The differing range the next pass starts at, when the last one ran out of budget first.
    private string _nextRange = "";

    /// <summary>A pass that reaches the replicas through <paramref name="peers"/>.</summary>
    public AntiEntropyPass(IAntiEntropyPeers peers, AntiEntropyPassOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _peers = peers;
        _options = options;
        _time = time;
        _survey = new ReplicaSurvey(peers, options.CallTimeout, time);
        _suspects = new SuspectList(options.MaxSuspects, options.SuspectAttempts);
    }

    /// <summary>How many suspects wait.</summary>
    public int SuspectCount => _suspects.Count;

    /// <summary>Queues accounts to compare before the sweep; returns how many were dropped over the bound (the sweep still finds them).</summary>
    public int Suspect(IEnumerable<string> accounts) => _suspects.Add(accounts);

    /// <summary>Removes and returns up to <paramref name="limit"/> waiting suspects (to hand them to the master that runs the passes).</summary>
    public IReadOnlyList<string> TakeSuspects(int limit) => _suspects.Take(limit).Select(s => s.Account).ToArray();

    /// <summary>
    /// One pass: suspects while the budget lasts, then pages of the sweep until it wraps or the
    /// budget is used. A repair the sweep could not complete becomes a suspect.
    /// </summary>
    public async Task<AntiEntropyPassResult> RunAsync()
    {
        var tally = new Tally();
        var started = _time.GetTimestamp();
        var suspects = await CompareSuspectsAsync(started, tally);
        var sweepFailures = new List<string>();

        var summariesAgreed = false;
        if (await _survey.CompareSummariesAsync() is { } firstLook)
        {
            var summaries = firstLook.Differing.Count == 0 ? firstLook : await LookAgainAsync(firstLook);
            summariesAgreed = summaries.Differing.Count == 0;
            // Every master answered its summary: only the ranges that differ are read, from where
            // the last pass ran out of budget, so an idle pass costs four small calls at any size.
            var ranges = summaries.Differing;
            var first = ranges.Count(r => string.CompareOrdinal(r, _nextRange) < 0);
            _nextRange = "";
            foreach (var range in ranges.Skip(first).Concat(ranges.Take(first)))
            {
                if (_time.GetElapsedTime(started) >= _options.PassBudget)
                {
                    _nextRange = range;
                    break;
                }

                string? from = range;
                while (from is not null)
                {
                    var survey = await _survey.CollectRangeAsync(range, from, summaries.PageFor(range, _options.PageSize));
                    from = survey.Next;
                    await SweepAsync(survey, tally, sweepFailures);
                }
            }
        }
        else
        {
            // A master did not answer its summary: pages until the sweep wraps or the pass has used
            // its budget (a small bank is swept whole by every pass, a large one a bounded slice per pass).
            do
            {
                var survey = await _survey.CollectAsync(_next, _options.PageSize);
                _next = survey.Next ?? "";
                await SweepAsync(survey, tally, sweepFailures);
            }
            while (_next.Length > 0 && _time.GetElapsedTime(started) < _options.PassBudget);
        }

        // A repair the sweep could not complete (usually the lease lost to live traffic) becomes a suspect.
        _suspects.Add(sweepFailures);
        return new AntiEntropyPassResult(
            tally.Compared, tally.Repaired, tally.Frozen, tally.Unfrozen, tally.ReaderBehind, tally.Failed, suspects, tally.SuspectsLeft)
        {
            SummariesAgreed = summariesAgreed,
        };
    }

    /// <summary>
    /// The range summaries again, once <see cref="AntiEntropyPassOptions.SecondLookDelay"/> is over,
    /// with only the ranges that differed in both looks marked differing. Under load a range
    /// often differs only because a write is in flight (accepted by two masters, on its way to the
    /// third and to the reader), and agrees a moment later; reading its pages would cost all four
    /// replicas work for nothing. A divergence differs in every look until it is repaired, so it
    /// is always read. When a master does not answer the second look, the first one stands.
    /// </summary>
    private async Task<ReplicaSurvey.SummaryComparison> LookAgainAsync(ReplicaSurvey.SummaryComparison first)
    {
        await Task.Delay(_options.SecondLookDelay, _time);
        if (await _survey.CompareSummariesAsync() is not { } second)
        {
            return first;
        }

        var before = first.Differing.ToHashSet(StringComparer.Ordinal);
        return second with { Differing = second.Differing.Where(before.Contains).ToArray() };
    }

    // Compares one page of the sweep, looks again at what differs, and acts on it.
    private async Task SweepAsync(ReplicaSurvey.Result survey, Tally tally, List<string> failures)
    {
        var comparisons = await AccountComparisons.ConfirmDifferencesAsync(
            _survey, await AccountComparisons.CompareAsync(_survey, survey), () => Task.Delay(_options.SecondLookDelay, _time));
        tally.Compared += comparisons.Count;
        failures.AddRange((await ActOnAsync(survey, comparisons, tally, outOfTime: null)).Failed);
    }

    /// <summary>
    /// Compares and acts on suspects, a survey of them at a time, while the pass's budget lasts.
    /// A suspect is settled once every master answered and nothing was left to do or the repair
    /// worked; one whose repair failed, or whose masters did not all answer (the laggard may be
    /// the one that did not), is tried again by a later pass, up to
    /// <see cref="AntiEntropyPassOptions.SuspectAttempts"/> times; one the budget ran out before
    /// goes back to the front. Returns the suspects compared.
    /// </summary>
    private async Task<IReadOnlyList<string>> CompareSuspectsAsync(long started, Tally tally)
    {
        var compared = new List<string>();
        IReadOnlyList<SuspectList.Entry> batch = [];
        // Only those waiting when the pass began: a retried suspect goes to the back for a later pass.
        var waiting = _suspects.Count;
        try
        {
            while (waiting > 0 && _suspects.Count > 0 && _time.GetElapsedTime(started) < _options.PassBudget)
            {
                batch = _suspects.Take(Math.Min(_options.SuspectsPerSurvey, waiting));
                waiting -= batch.Count;
                var survey = await _survey.CollectAccountsAsync(batch.Select(s => s.Account).ToArray());
                var comparisons = await AccountComparisons.CompareAsync(_survey, survey);
                var leftovers = await ActOnAsync(survey, comparisons, tally, () => _time.GetElapsedTime(started) >= _options.PassBudget);
                var untried = leftovers.Untried.ToHashSet(StringComparer.Ordinal);
                var failed = leftovers.Failed.ToHashSet(StringComparer.Ordinal);
                // Also covers NotEnoughMasters, which needs two masters that did not answer.
                var everyMasterAnswered = survey.Replicas.Take(3).All(r => r.Reachable && r.Ready);
                foreach (var suspect in batch.Where(s => !untried.Contains(s.Account)))
                {
                    compared.Add(suspect.Account);
                    var unsettled = failed.Contains(suspect.Account) || !everyMasterAnswered;
                    if (unsettled && !_suspects.Retry(suspect))
                    {
                        tally.SuspectsLeft++;
                    }
                }

                tally.Compared += comparisons.Count - untried.Count;
                _suspects.ReturnUntried(batch.Where(s => untried.Contains(s.Account)));
                batch = [];
            }
        }
        finally
        {
            // Only when a survey or an action threw: what it took is not lost.
            _suspects.ReturnUntried(batch);
        }

        return compared;
    }

    /// <summary>
    /// Repairs, freezes and unfreezes what one survey's comparisons call for and collects the
    /// accounts the reader lacks. With <paramref name="outOfTime"/>, each account that would need
    /// an action after it turned true is left untried. Returns the untried accounts and those
    /// whose repair failed (both also counted in <paramref name="tally"/>'s totals where they apply).
    /// </summary>
    private async Task<Leftovers> ActOnAsync(
        ReplicaSurvey.Result survey, IReadOnlyList<AccountComparison> comparisons, Tally tally, Func<bool>? outOfTime)
    {
        var reachable = survey.Replicas.Take(3).Select((r, i) => (r.Reachable, Index: i + 1)).Where(r => r.Reachable).Select(r => r.Index).ToArray();
        var untried = new List<string>();
        var failed = new List<string>();
        foreach (var comparison in comparisons)
        {
            var account = comparison.Account;
            var masters = comparison.Replicas.Take(3).ToArray();
            var acts = comparison.Verdict is ComparisonVerdict.MinorityDiffers or ComparisonVerdict.Undecidable or ComparisonVerdict.FrozenButAgreeing;
            if (acts && outOfTime?.Invoke() == true)
            {
                untried.Add(account);
                continue;
            }

            switch (comparison.Verdict)
            {
                case ComparisonVerdict.MinorityDiffers:
                    // Repair rule: complete the chosen state by majority and transfer it to every reachable master.
                    if (await _peers.RepairAsync(account, reachable))
                    {
                        tally.Repaired.Add(account);
                        if (masters.Any(m => m.Digest?.Frozen == true))
                        {
                            await SetFrozenAsync(reachable, account, false);
                            tally.Unfrozen.Add(account);
                        }
                    }
                    else
                    {
                        tally.Failed.Add(account);
                        failed.Add(account);
                    }

                    break;
                case ComparisonVerdict.Undecidable:
                    // Freeze rule: what no majority can decide refuses writes until a third master can.
                    if (masters.Any(m => m.Reachable && m.Digest is { Frozen: false }))
                    {
                        await SetFrozenAsync(reachable, account, true);
                        tally.Frozen.Add(new FrozenAccount(account, comparison.Detail));
                    }

                    break;
                case ComparisonVerdict.FrozenButAgreeing:
                    await SetFrozenAsync(reachable, account, false);
                    tally.Unfrozen.Add(account);
                    break;
                case ComparisonVerdict.ReaderBehind when survey.Replicas[3].Reachable:
                    tally.ReaderBehind.Add(account);
                    break;
            }
        }

        return new Leftovers(untried, failed);
    }

    private async Task SetFrozenAsync(IEnumerable<int> masters, string account, bool frozen)
    {
        foreach (var master in masters)
        {
            try
            {
                await _peers.SetFrozenAsync(master, [account], frozen).WaitAsync(_options.CallTimeout, _time);
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // The next pass sees the flag and tries again.
            }
        }
    }

    // What one ActOnAsync call left undone: accounts it ran out of time for, and failed repairs.
    private sealed record Leftovers(IReadOnlyList<string> Untried, IReadOnlyList<string> Failed);

    // What one pass did, as it goes.
    private sealed class Tally
    {
        public int Compared { get; set; }

        public int SuspectsLeft { get; set; }

        public List<string> Repaired { get; } = [];

        public List<FrozenAccount> Frozen { get; } = [];

        public List<string> Unfrozen { get; } = [];

        public List<string> ReaderBehind { get; } = [];

        public List<string> Failed { get; } = [];
    }
}

/// <summary>An account a pass froze, and why.</summary>
public sealed record FrozenAccount(string Account, string Detail);

/// <summary>What one <see cref="AntiEntropyPass"/> did.</summary>
/// <param name="Compared">Accounts compared (suspects and sweep).</param>
/// <param name="Repaired">Accounts repaired from the majority.</param>
/// <param name="Frozen">Accounts frozen because no majority could decide them.</param>
/// <param name="Unfrozen">Accounts unfrozen because the masters agree again.</param>
/// <param name="ReaderBehind">Accounts the reader lacks or holds behind the masters (the caller re-feeds it).</param>
/// <param name="Failed">Accounts whose repair failed (retried as suspects).</param>
/// <param name="Suspects">The suspects compared, before the sweep.</param>
/// <param name="SuspectsLeftToSweep">Suspects still unsettled after their last attempt, left to the sweep.</param>
public sealed record AntiEntropyPassResult(
    int Compared,
    IReadOnlyList<string> Repaired,
    IReadOnlyList<FrozenAccount> Frozen,
    IReadOnlyList<string> Unfrozen,
    IReadOnlyList<string> ReaderBehind,
    IReadOnlyList<string> Failed,
    IReadOnlyList<string> Suspects,
    int SuspectsLeftToSweep)
{
    /// <summary>Whether every master answered its range summaries and no range differed (in both looks, when the first found one), so no page was read.</summary>
    public bool SummariesAgreed { get; init; }

    /// <summary>Whether the pass acted on anything (or failed to).</summary>
    public bool ActedOnAnything => Repaired.Count + Frozen.Count + Unfrozen.Count + ReaderBehind.Count + Failed.Count > 0;
}

/// <summary>The bounds of an <see cref="AntiEntropyPass"/>; the defaults are production's.</summary>
public sealed record AntiEntropyPassOptions
{
    /// <summary>Accounts per page of the sweep (production: <c>RecoveryOptions.InventoryPageSize</c>).</summary>
    public int PageSize { get; init; } = 2_500;

    /// <summary>How long each call to a replica may take before it counts as not answering (production: <c>RecoveryOptions.PeerCallTimeout</c>).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one pass keeps taking pages (a page of 2,500 accounts takes a fraction of a second).</summary>
    public TimeSpan PassBudget { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Before a pass reads the ranges whose summaries differ, and before the sweep repairs a master
    /// that differs, it looks again after this long: long enough for an accept in flight under
    /// load (the writes' p99 at C=256 is about 200 ms) to land.
    /// </summary>
    public TimeSpan SecondLookDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Suspects waiting at most; more are left to the sweep.</summary>
    public int MaxSuspects { get; init; } = 10_000;

    /// <summary>
    /// Suspects one survey compares. A pass compares suspects while its budget lasts (checked
    /// before every repair), then at least one page of the sweep, so neither starves the other.
    /// </summary>
    public int SuspectsPerSurvey { get; init; } = 250;

    /// <summary>How many passes try one suspect before it is left to the sweep.</summary>
    public int SuspectAttempts { get; init; } = 3;
}
