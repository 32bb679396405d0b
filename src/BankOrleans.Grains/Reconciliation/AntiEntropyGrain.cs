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
/// The anti-entropy pass (ARCHITECTURE §3.5) of master N, on master-N. Every master runs the
/// timer; a pass only works when no lower-numbered master is active, so exactly one master does
/// it at a time and the loss of any one does not stop it. Repairs go through the write path's
/// own reconciliation (lease, promises, state transfer), so two passes at once are still safe.
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
    // A re-feed does a majority read per account; a pass never waits longer than this for it.
    private static readonly TimeSpan ReaderResyncTimeout = TimeSpan.FromSeconds(30);

    private OperationCoordinator? _coordinator;
    private ReplicaSurvey? _survey;
    private IGrainTimer? _timer;

    private int Index => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _coordinator = new OperationCoordinator(
            $"anti-entropy/{Index}/{Guid.NewGuid():N}", new GrainProtocolPeers(GrainFactory), timing.Value.ToCoordinatorOptions(), time, new Random());
        _survey = new ReplicaSurvey(GrainFactory, recovery.Value.PeerCallTimeout);
        var period = recovery.Value.AntiEntropyPeriod;
        if (period > TimeSpan.Zero)
        {
            _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(period, period) { Interleave = false, KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Start() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<AntiEntropyReport> RunPass(bool force)
    {
        if (!force && LowerMasterIsActive())
        {
            return new AntiEntropyReport(false, 0, [], [], [], [], []);
        }

        var survey = await _survey!.CollectAsync();
        var comparisons = await AccountComparisons.CompareAsync(_survey, survey);
        var repaired = new List<string>();
        var frozen = new List<string>();
        var unfrozen = new List<string>();
        var readerBehind = new List<string>();
        var failed = new List<string>();
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

        if (readerBehind.Count > 0)
        {
            try
            {
                var stillBehind = await GrainFactory.GetGrain<IReadReplicaGrain>(0).Resync(readerBehind).WaitAsync(ReaderResyncTimeout);
                failed.AddRange(stillBehind);
                readerBehind.RemoveAll(stillBehind.Contains);
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                logger.LogInformation("Anti-entropy: the reader did not take the re-feed: {Message}", exception.Message);
                failed.AddRange(readerBehind);
                readerBehind.Clear();
            }
        }

        if (repaired.Count + frozen.Count + unfrozen.Count + readerBehind.Count + failed.Count > 0)
        {
            logger.LogInformation(
                "Anti-entropy pass: {Compared} accounts, repaired {Repaired}, frozen {Frozen}, unfrozen {Unfrozen}, reader re-fed {Reader}, failed {Failed}",
                comparisons.Count, repaired, frozen, unfrozen, readerBehind, failed);
        }

        return new AntiEntropyReport(true, comparisons.Count, repaired, frozen, unfrozen, readerBehind, failed);
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunPass(force: false);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Anti-entropy pass failed; the next one retries");
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

    private bool LowerMasterIsActive() =>
        membership.CurrentSnapshot.Members.Values.Any(m =>
            m.Status == SiloStatus.Active && BankSiloNames.TryMasterIndex(m.Name, out var index) && index < Index);
}
