using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Accounts;
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
/// repaired within a pass or two however far away the sweep is.
/// </summary>
[PinnedToMaster]
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AntiEntropyGrain(
    IOptions<RecoveryOptions> recovery,
    IOptions<ProtocolTimingOptions> timing,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<AntiEntropyGrain> logger) : Grain, IAntiEntropyGrain
{
    // A re-feed does a majority read per account; it is given up (and retried by a later pass) after this.
    private static readonly TimeSpan ReaderResyncTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RepairDeadline = TimeSpan.FromSeconds(3);

    // How long one pass keeps taking pages (a page of 2,500 accounts takes a fraction of a second).
    private static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(1);

    // Suspects waiting, and how many one pass compares (each is one repair at most).
    private const int MaxSuspects = 10_000;
    private const int SuspectsPerPass = 500;

    private readonly SuspectList _suspects = new(MaxSuspects);

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
        var options = timing.Value.ToCoordinatorOptions();
        // A repair that loses the lease to live traffic is retried by the next pass; waiting out
        // the full write deadline per account would hold up the repairs of every other account.
        options.OperationDeadline = Min(options.OperationDeadline, RepairDeadline);
        _coordinator = new OperationCoordinator(
            $"anti-entropy/{Index}/{Guid.NewGuid():N}", GrainProtocolPeers.For(GrainFactory, ServiceProvider), options, time, new Random());
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
            return new AntiEntropyReport(false, 0, [], [], [], [], [], []);
        }

        var repaired = new List<string>();
        var frozen = new List<string>();
        var unfrozen = new List<string>();
        var readerBehind = new List<string>();
        var failed = new List<string>();
        var compared = 0;
        var started = time.GetTimestamp();
        var suspects = _suspects.Take(SuspectsPerPass);
        if (suspects.Count > 0)
        {
            var survey = await _survey!.CollectAccountsAsync(suspects);
            var comparisons = await AccountComparisons.CompareAsync(_survey, survey);
            compared += comparisons.Count;
            await ActOnAsync(survey, comparisons, repaired, frozen, unfrozen, readerBehind, failed);
        }

        // Pages until the sweep wraps or the pass has used its budget: a small bank is swept
        // whole by every pass, a large one a bounded slice per pass.
        do
        {
            var survey = await _survey!.CollectAsync(_next, recovery.Value.InventoryPageSize);
            _next = survey.Next ?? "";
            var comparisons = await AccountComparisons.CompareAsync(_survey, survey);
            compared += comparisons.Count;
            await ActOnAsync(survey, comparisons, repaired, frozen, unfrozen, readerBehind, failed);
        }
        while (_next.Length > 0 && time.GetElapsedTime(started) < PassBudget);

        if (readerBehind.Count > 0 && !StartReaderResync(readerBehind))
        {
            // One re-feed at a time; the next pass hands over what is still behind.
            readerBehind.Clear();
        }

        // A repair that failed (usually the lease lost to live traffic) is tried first next time.
        _suspects.Add(failed);

        if (repaired.Count + frozen.Count + unfrozen.Count + readerBehind.Count + failed.Count > 0)
        {
            logger.LogInformation(
                "Anti-entropy pass: {Compared} accounts ({Suspects} suspects first), repaired {Repaired}, frozen {Frozen}, unfrozen {Unfrozen}, reader re-feed started for {Reader}, failed {Failed}",
                compared, suspects.Count, repaired, frozen, unfrozen, readerBehind, failed);
        }

        return new AntiEntropyReport(true, compared, repaired, frozen, unfrozen, readerBehind, failed, suspects);
    }

    // Repairs, freezes and unfreezes what one page's comparisons call for; collects the accounts the reader lacks.
    private async Task ActOnAsync(
        ReplicaSurvey.Result survey,
        IReadOnlyList<AccountComparison> comparisons,
        List<string> repaired,
        List<string> frozen,
        List<string> unfrozen,
        List<string> readerBehind,
        List<string> failed)
    {
        var reachable = survey.Replicas.Take(3).Select((r, i) => (r.Reachable, Index: i + 1)).Where(r => r.Reachable).Select(r => r.Index).ToArray();

        foreach (var comparison in comparisons)
        {
            var account = comparison.Account;
            var masters = comparison.Replicas.Take(3).ToArray();
            switch (comparison.Verdict)
            {
                case ComparisonVerdict.MinorityDiffers:
                    // Repair by majority: complete the chosen state and transfer it to every reachable master.
                    if (await _coordinator!.ReconcileAsync([account], reachable))
                    {
                        repaired.Add(account);
                        if (masters.Any(m => m.Digest?.Frozen == true))
                        {
                            await SetFrozenAsync(reachable, account, false);
                            unfrozen.Add(account);
                        }
                    }
                    else
                    {
                        failed.Add(account);
                    }

                    break;
                case ComparisonVerdict.Undecidable:
                    if (masters.Any(m => m.Reachable && m.Digest is { Frozen: false }))
                    {
                        await SetFrozenAsync(reachable, account, true);
                        frozen.Add(account);
                        logger.LogWarning("Anti-entropy: account {Account} frozen: {Detail}", account, comparison.Detail);
                    }

                    break;
                case ComparisonVerdict.FrozenButAgreeing:
                    await SetFrozenAsync(reachable, account, false);
                    unfrozen.Add(account);
                    break;
                case ComparisonVerdict.ReaderBehind when survey.Replicas[3].Reachable:
                    readerBehind.Add(account);
                    break;
            }
        }
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private bool LowerMasterIsActive() => ActiveMasters.Lowest(membership) < Index;
}
