using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Reconciliation;
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
/// The decisions are <see cref="AntiEntropyPass"/>'s; this grain schedules it, reaches the
/// replicas for it (<see cref="GrainAntiEntropyPeers"/>), hands suspects over and re-feeds the reader.
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

    private AntiEntropyPass? _pass;
    private AntiEntropyPassOptions _options = new();
    private Task _readerResync = Task.CompletedTask;

    private int Index => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A repair that loses the lease to live traffic is retried by the next pass; waiting out
        // the full write deadline per account would hold up the repairs of every other account.
        var repairs = coordinators.ForRepairs($"anti-entropy/{Index}", RepairDeadline);
        _options = new AntiEntropyPassOptions { PageSize = recovery.Value.InventoryPageSize, CallTimeout = recovery.Value.PeerCallTimeout };
        _pass = new AntiEntropyPass(new GrainAntiEntropyPeers(GrainFactory, repairs), _options, time);
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
        if (_pass!.Suspect(accounts) is > 0 and var dropped)
        {
            logger.LogInformation("Anti-entropy of master-{Index}: {Dropped} suspect accounts over the bound of {Max}, left to the sweep", Index, dropped, _options.MaxSuspects);
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

        var pass = await _pass!.RunAsync();
        foreach (var frozen in pass.Frozen)
        {
            logger.LogWarning("Anti-entropy: account {Account} frozen: {Detail}", frozen.Account, frozen.Detail);
        }

        if (pass.SuspectsLeftToSweep > 0)
        {
            logger.LogInformation("Anti-entropy: {Count} suspect accounts still unsettled after {Attempts} passes, left to the sweep", pass.SuspectsLeftToSweep, _options.SuspectAttempts);
        }

        // One re-feed at a time; the next pass hands over what is still behind.
        var readerBehind = pass.ReaderBehind.Count > 0 && StartReaderResync(pass.ReaderBehind) ? pass.ReaderBehind : [];
        var frozenAccounts = pass.Frozen.Select(f => f.Account).ToArray();
        if (pass.Repaired.Count + frozenAccounts.Length + pass.Unfrozen.Count + readerBehind.Count + pass.Failed.Count > 0)
        {
            logger.LogInformation(
                "Anti-entropy pass: {Compared} accounts ({Suspects} suspects first), repaired {Repaired}, frozen {Frozen}, unfrozen {Unfrozen}, reader re-feed started for {Reader}, failed {Failed}",
                pass.Compared, pass.Suspects.Count, pass.Repaired, frozenAccounts, pass.Unfrozen, readerBehind, pass.Failed);
        }

        return new AntiEntropyReport(true, pass.Compared, pass.Repaired, frozenAccounts, pass.Unfrozen, readerBehind, pass.Failed, pass.Suspects);
    }

    // A master that does not run passes (a lower one is active) passes on suspects it was given
    // while it was the lowest, or by a silo whose view of the membership differed.
    private async Task HandOverSuspectsAsync()
    {
        if (_pass!.SuspectCount == 0 || ActiveMasters.Lowest(membership) is not { } lowest || lowest == Index)
        {
            return;
        }

        var accounts = _pass.TakeSuspects(_options.MaxSuspects);
        try
        {
            await GrainFactory.GetGrain<IAntiEntropyGrain>(lowest).Suspect(accounts).WaitAsync(recovery.Value.PeerCallTimeout);
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            logger.LogInformation("Anti-entropy: {Count} suspect accounts not handed to master-{Lowest} ({Message}); the sweep finds them", accounts.Count, lowest, exception.Message);
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

    private bool LowerMasterIsActive() => ActiveMasters.Lowest(membership) < Index;
}
