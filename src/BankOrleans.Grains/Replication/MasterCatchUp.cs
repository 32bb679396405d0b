using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Recovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// A master's start-up recovery (ARCHITECTURE §3 "a restarted master first catches up", §5b):
/// once the silo is active it runs <see cref="ReplicaRecovery"/> in the background, so the silo
/// joins the cluster at once while its replica refuses votes and accepts. A file that proves it
/// holds what it acknowledged catches up and votes (after <see cref="RecoveryOptions.MasterCatchUpDeadline"/>
/// at the latest); a new, wiped, rolled-back or damaged file recovers from both other replicas
/// first, with no deadline.
/// </summary>
internal sealed class MasterCatchUp(
    ILocalSiloDetails silo,
    IGrainFactory grains,
    CoordinatorFactory coordinators,
    ReplicaStoreHolder replica,
    ReplicaWriter writer,
    ReplicaReadiness readiness,
    IOptions<RecoveryOptions> recovery,
    TimeProvider time,
    ILogger<MasterCatchUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (!BankSiloNames.TryMasterIndex(silo.Name, out var index))
        {
            return;
        }

        lifecycle.Subscribe(
            nameof(MasterCatchUp),
            ServiceLifecycleStage.Active,
            started =>
            {
                _ = Task.Run(() => RunAsync(index, _stopping.Token));
                return Task.CompletedTask;
            },
            _ =>
            {
                _stopping.Cancel();
                return Task.CompletedTask;
            });
    }

    private async Task RunAsync(int index, CancellationToken cancellationToken)
    {
        var options = recovery.Value;
        var store = replica.Store;
        logger.LogInformation(
            "Replica of {Silo} opened file {FileId} as {Standing}: {Reason}", silo.Name, store.Identity.FileId, store.Identity.Standing, store.StartReason);
        var coordinator = coordinators.ForCatchUp($"catch-up/{silo.Name}", remote => new CatchUpPeers(remote, index, store, writer));
        var recoveryTiming = new RecoveryTiming(
            options.PeerCallTimeout, TimeSpan.FromSeconds(1), options.MasterCatchUpDeadline, options.PeerCallTimeout * 10);
        var run = new ReplicaRecovery(
            new StartingReplica(index, replica),
            new GrainRecoveryPeers(grains, options.InventoryPageSize, options.PeerCallTimeout),
            (batch, ct) => coordinator.ReconcileAsync(batch, [index], ct),
            recoveryTiming,
            time);
        while (true)
        {
            try
            {
                await run.RunAsync(cancellationToken);
                break;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (store.Identity.Standing == StandingKind.Normal)
            {
                logger.LogWarning(exception, "Catch-up of {Silo} failed; voting anyway, the anti-entropy pass repairs the rest", silo.Name);
                break;
            }
            catch (Exception exception)
            {
                // A file that cannot prove its state never votes on a failure or a deadline: try again.
                logger.LogWarning(exception, "Recovery of {Silo} ({Standing}) failed; trying again", silo.Name, store.Identity.Standing);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }

        readiness.MarkReady();
        logger.LogInformation("Replica of {Silo} is normal and caught up ({Repaired} accounts repaired); voting and accepting", silo.Name, run.Repaired);
    }
}
