using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Accounts;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Protocol.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// A master's catch-up after a start (ARCHITECTURE §3, "a restarted master first catches up"):
/// once the silo is active it asks the other replicas for their digests, and reconciles every
/// account where another replica is ahead or differs, or where its own row contradicts its
/// ledger (a wiped file is simply behind on everything). Meanwhile its replica refuses votes and
/// accepts, and the other two masters keep taking writes. It runs in the background so the silo
/// joins the cluster at once; it stops trying after <see cref="RecoveryOptions.MasterCatchUpDeadline"/>,
/// after which the write path's completion and the anti-entropy pass repair what is left.
/// </summary>
internal sealed class MasterCatchUp(
    ILocalSiloDetails silo,
    IGrainFactory grains,
    IProtocolTransport transport,
    ReplicaStoreHolder replica,
    ReplicaWriter writer,
    ReplicaReadiness readiness,
    IOptions<RecoveryOptions> recovery,
    IOptions<ProtocolTimingOptions> timing,
    TimeProvider time,
    ILogger<MasterCatchUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int BatchSize = 32;
    private const int QuietAttemptsBeforeServing = 3;
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
        var deadline = time.GetUtcNow() + options.MasterCatchUpDeadline;
        var coordinator = new OperationCoordinator(
            $"catch-up/{silo.Name}/{Guid.NewGuid():N}",
            new CatchUpPeers(new GrainProtocolPeers(grains, transport), index, replica.Store, writer),
            timing.Value.ToCoordinatorOptions(),
            time,
            new Random());
        var quiet = 0;
        var repaired = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested && time.GetUtcNow() < deadline)
            {
                var (peersAnswered, behind) = await FindBehindAsync(index, options.PeerCallTimeout);
                if (peersAnswered == 0 && ++quiet < QuietAttemptsBeforeServing)
                {
                    // No other replica is up yet (the whole cluster is starting): nothing is known
                    // to be ahead of this one, so it serves after a few tries.
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                    continue;
                }

                if (behind.Count == 0)
                {
                    break;
                }

                var progress = false;
                foreach (var batch in behind.Chunk(BatchSize))
                {
                    // Repair by majority into this replica only: the others may be down or busy.
                    if (await coordinator.ReconcileAsync(batch, [index], cancellationToken))
                    {
                        repaired += batch.Length;
                        progress = true;
                    }
                }

                if (!progress)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Catch-up of {Silo} failed; serving anyway, the anti-entropy pass repairs the rest", silo.Name);
        }

        readiness.MarkReady();
        logger.LogInformation("Replica of {Silo} caught up ({Repaired} accounts repaired); voting and accepting", silo.Name, repaired);
    }

    private async Task<(int PeersAnswered, IReadOnlyList<string> Behind)> FindBehindAsync(int index, TimeSpan callTimeout)
    {
        var local = replica.Store.Digests().ToDictionary(d => d.Account, StringComparer.Ordinal);
        var behind = new SortedSet<string>(local.Values.Where(d => !d.Intact).Select(d => d.Account), StringComparer.Ordinal);
        var answered = 0;
        foreach (var peer in BankSiloNames.MasterIndexes.Where(p => p != index))
        {
            ReplicaInventory inventory;
            try
            {
                var replica = grains.GetGrain<IReplicaGrain>(peer);
                inventory = await InventoryPages.ReadAllAsync(replica.Inventory, recovery.Value.InventoryPageSize, callTimeout);
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                continue;
            }

            answered++;
            foreach (var theirs in inventory.Accounts.Where(d => d.Intact))
            {
                if (!local.TryGetValue(theirs.Account, out var mine)
                    || mine.Version < theirs.Version
                    || (mine.Version == theirs.Version && mine.Head != theirs.Head))
                {
                    behind.Add(theirs.Account);
                }
            }
        }

        return (answered, behind.ToArray());
    }
}
