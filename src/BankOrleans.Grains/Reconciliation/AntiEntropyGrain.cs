using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// The anti-entropy pass (ARCHITECTURE §3.5) of master N, on master-N. Every master asks for a
/// pass on a schedule (<see cref="AntiEntropyDriver"/>); each pass compares the next pages of
/// accounts (<see cref="RecoveryOptions.InventoryPageSize"/>) for up to about a second, so a small
/// bank is swept whole by every pass and a large one in bounded slices; a pass only works when no lower-numbered
/// master is active, so exactly one master does it at a time and the loss of any one does not stop it. Repairs go through the write path's
/// own reconciliation (lease, promises, state transfer), so two passes at once are still safe.
/// Before the sweep, a pass compares its suspects: accounts coordinators reported a master may lack
/// (<see cref="LaggardHints"/>) and accounts whose repair failed in an earlier pass, so these are
/// compared by the next pass however far away the sweep is, and tried by up to three passes.
/// </summary>
[PinnedToMaster]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AntiEntropyGrain(
    IOptions<RecoveryOptions> recovery,
    CoordinatorFactory coordinators,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<AntiEntropyGrain> logger) : Grain, IAntiEntropyGrain
{
    // A re-feed does a majority read per account; it is given up (and retried by a later pass) after this.
    private static readonly TimeSpan ReaderResyncTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RepairDeadline = TimeSpan.FromSeconds(3);

    // How long one pass keeps taking pages (a page of 2,500 accounts takes a fraction of a second).
    private static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(1);

    // Before the sweep repairs a master that differs, it looks again after this long: long enough
    // for an accept in flight under load (the writes' p99 at C=256 is about 200 ms) to land.
    private static readonly TimeSpan SecondLookDelay = TimeSpan.FromMilliseconds(300);

    // Suspects waiting, how many one survey compares, and how many passes try one before it is
    // left to the sweep. A pass compares suspects while its budget lasts (checked before every
    // repair), then at least one page of the sweep, so neither starves the other.
    private const int MaxSuspects = 10_000;
    private const int SuspectsPerSurvey = 250;
    private const int SuspectAttempts = 3;

    private readonly SuspectList _suspects = new(MaxSuspects, SuspectAttempts);

    private OperationCoordinator? _coordinator;
    private Task _readerResync = Task.CompletedTask;
    private ReplicaSurvey? _survey;

    // Where the next page starts: a pass compares pages for at most PassBudget, so its cost stays
    // bounded however many accounts there are, and consecutive passes sweep them all.
    private string _next = "";

    private int Index => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A repair that loses the lease to live traffic is retried by the next pass; waiting out
        // the full write deadline per account would hold up the repairs of every other account.
        _coordinator = coordinators.ForRepairs($"anti-entropy/{Index}", RepairDeadline);
        _survey = new ReplicaSurvey(GrainFactory, recovery.Value.PeerCallTimeout);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Rare for an always-active grain, and worth seeing: the next scheduled pass re-activates it.
        logger.LogInformation("Anti-entropy grain of master-{Index} deactivated: {Reason}", Index, reason);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Suspect(IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (_suspects.Add(accounts) is > 0 and var dropped)
        {
            logger.LogInformation("Anti-entropy of master-{Index}: {Dropped} suspect accounts over the bound of {Max}, left to the sweep", Index, dropped, MaxSuspects);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<AntiEntropyReport> RunPass(bool force)
    {
        if (!force && LowerMasterIsActive())
        {
            await HandOverSuspectsAsync();
            return new AntiEntropyReport(false, 0, [], [], [], [], [], []);
        }

        var tally = new Tally();
        var started = time.GetTimestamp();
        var suspects = await CompareSuspectsAsync(started, tally);
        var sweepFailures = new List<string>();

        // Pages until the sweep wraps or the pass has used its budget: a small bank is swept
        // whole by every pass, a large one a bounded slice per pass.
        do
        {
            var survey = await _survey!.CollectAsync(_next, recovery.Value.InventoryPageSize);
            _next = survey.Next ?? "";
            var comparisons = await AccountComparisons.ConfirmDifferencesAsync(
                _survey, await AccountComparisons.CompareAsync(_survey, survey), () => Task.Delay(SecondLookDelay, time));
            tally.Compared += comparisons.Count;
            sweepFailures.AddRange((await ActOnAsync(survey, comparisons, tally, outOfTime: null)).Failed);
        }
        while (_next.Length > 0 && time.GetElapsedTime(started) < PassBudget);

        // A repair the sweep could not complete (usually the lease lost to live traffic) becomes a suspect.
        _suspects.Add(sweepFailures);

        if (tally.ReaderBehind.Count > 0 && !StartReaderResync(tally.ReaderBehind))
        {
            // One re-feed at a time; the next pass hands over what is still behind.
            tally.ReaderBehind.Clear();
        }

        if (tally.Repaired.Count + tally.Frozen.Count + tally.Unfrozen.Count + tally.ReaderBehind.Count + tally.Failed.Count > 0)
        {
            logger.LogInformation(
                "Anti-entropy pass: {Compared} accounts ({Suspects} suspects first), repaired {Repaired}, frozen {Frozen}, unfrozen {Unfrozen}, reader re-feed started for {Reader}, failed {Failed}",
                tally.Compared, suspects.Count, tally.Repaired, tally.Frozen, tally.Unfrozen, tally.ReaderBehind, tally.Failed);
        }

        return new AntiEntropyReport(true, tally.Compared, tally.Repaired, tally.Frozen, tally.Unfrozen, tally.ReaderBehind, tally.Failed, suspects);
    }

    /// <summary>
    /// Compares and acts on suspects, a survey of them at a time, while the pass's budget lasts.
    /// A suspect is settled once every master answered and nothing was left to do or the repair
    /// worked; one whose repair failed, or whose masters did not all answer (the laggard may be
    /// the one that did not), is tried again by a later pass, up to <see cref="SuspectAttempts"/>
    /// times; one the budget ran out before goes back to the front. Returns the suspects compared.
    /// </summary>
    private async Task<IReadOnlyList<string>> CompareSuspectsAsync(long started, Tally tally)
    {
        var compared = new List<string>();
        IReadOnlyList<SuspectList.Entry> batch = [];
        // Only those waiting when the pass began: a retried suspect goes to the back for a later pass.
        var waiting = _suspects.Count;
        try
        {
            while (waiting > 0 && _suspects.Count > 0 && time.GetElapsedTime(started) < PassBudget)
            {
                batch = _suspects.Take(Math.Min(SuspectsPerSurvey, waiting));
                waiting -= batch.Count;
                var survey = await _survey!.CollectAccountsAsync(batch.Select(s => s.Account).ToArray());
                var comparisons = await AccountComparisons.CompareAsync(_survey, survey);
                var leftovers = await ActOnAsync(survey, comparisons, tally, () => time.GetElapsedTime(started) >= PassBudget);
                var untried = leftovers.Untried.ToHashSet(StringComparer.Ordinal);
                var failed = leftovers.Failed.ToHashSet(StringComparer.Ordinal);
                // Also covers NotEnoughMasters, which needs two masters that did not answer.
                var everyMasterAnswered = survey.Replicas.Take(3).All(r => r.Reachable && r.Ready);
                var left = 0;
                foreach (var suspect in batch.Where(s => !untried.Contains(s.Account)))
                {
                    compared.Add(suspect.Account);
                    var unsettled = failed.Contains(suspect.Account) || !everyMasterAnswered;
                    if (unsettled && !_suspects.Retry(suspect))
                    {
                        left++;
                    }
                }

                tally.Compared += comparisons.Count - untried.Count;
                _suspects.ReturnUntried(batch.Where(s => untried.Contains(s.Account)));
                batch = [];
                if (left > 0)
                {
                    logger.LogInformation("Anti-entropy: {Count} suspect accounts still unsettled after {Attempts} passes, left to the sweep", left, SuspectAttempts);
                }
            }
        }
        finally
        {
            // Only when a survey or an action threw: what it took is not lost.
            _suspects.ReturnUntried(batch);
        }

        return compared;
    }

    // A master that does not run passes (a lower one is active) passes on suspects it was given
    // while it was the lowest, or by a silo whose view of the membership differed.
    private async Task HandOverSuspectsAsync()
    {
        if (_suspects.Count == 0 || ActiveMasters.Lowest(membership) is not { } lowest || lowest == Index)
        {
            return;
        }

        var accounts = _suspects.Take(MaxSuspects).Select(s => s.Account).ToArray();
        try
        {
            await GrainFactory.GetGrain<IAntiEntropyGrain>(lowest).Suspect(accounts).WaitAsync(recovery.Value.PeerCallTimeout);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            logger.LogInformation("Anti-entropy: {Count} suspect accounts not handed to master-{Lowest} ({Message}); the sweep finds them", accounts.Length, lowest, exception.Message);
        }
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
                    // Repair by majority: complete the chosen state and transfer it to every reachable master.
                    if (await _coordinator!.ReconcileAsync([account], reachable))
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
                    if (masters.Any(m => m.Reachable && m.Digest is { Frozen: false }))
                    {
                        await SetFrozenAsync(reachable, account, true);
                        tally.Frozen.Add(account);
                        logger.LogWarning("Anti-entropy: account {Account} frozen: {Detail}", account, comparison.Detail);
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

    /// <summary>
    /// Hands accounts to the reader's re-feed without waiting for it: a re-feed does a majority
    /// read per account, which under load can take seconds each, and the masters' repairs of
    /// the next pass must not wait behind it (the reader is the one replica nobody votes on).
    /// </summary>
    private bool StartReaderResync(IReadOnlyList<string> accounts)
    {
        if (!_readerResync.IsCompleted)
        {
            return false;
        }

        _readerResync = ResyncReaderAsync(accounts);
        return true;
    }

    private async Task ResyncReaderAsync(IReadOnlyList<string> accounts)
    {
        try
        {
            var stillBehind = await GrainFactory.GetGrain<IReadReplicaGrain>(0).Resync(accounts).WaitAsync(ReaderResyncTimeout);
            if (stillBehind.Count > 0)
            {
                logger.LogInformation("Anti-entropy: the reader is still behind on {Accounts}; the next pass retries", stillBehind);
            }
        }
        catch (Exception exception)
        {
            logger.LogInformation("Anti-entropy: the reader did not take the re-feed: {Message}", exception.Message);
        }
    }

    private async Task SetFrozenAsync(IEnumerable<int> replicas, string account, bool frozen)
    {
        foreach (var replica in replicas)
        {
            try
            {
                await GrainFactory.GetGrain<IReplicaGrain>(replica).SetFrozen([account], frozen).WaitAsync(recovery.Value.PeerCallTimeout);
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // The next pass sees the flag and tries again.
            }
        }
    }

    private bool LowerMasterIsActive() => ActiveMasters.Lowest(membership) < Index;

    // What one ActOnAsync call left undone: accounts it ran out of time for, and failed repairs.
    private sealed record Leftovers(IReadOnlyList<string> Untried, IReadOnlyList<string> Failed);

    // What one pass did, as it goes.
    private sealed class Tally
    {
        public int Compared { get; set; }

        public List<string> Repaired { get; } = [];

        public List<string> Frozen { get; } = [];

        public List<string> Unfrozen { get; } = [];

        public List<string> ReaderBehind { get; } = [];

        public List<string> Failed { get; } = [];
    }
}
