using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Reading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The reader's heartbeat (ARCHITECTURE §5b), on the reader silo: every
/// <see cref="RecoveryOptions.ReaderHeartbeatPeriod"/> it polls each master's feed
/// (<see cref="IReaderFeedGrain"/>) for the user commits the reader has not acknowledged, applies
/// them through the read replica grain like any fed operation, and once it holds all of them
/// records that it heard from that master as of the moment the poll was sent
/// (<see cref="ReaderStaleness"/>). Each master is polled on its own, so a dead one delays no other.
/// </summary>
internal sealed class ReaderHeartbeat(
    ILocalSiloDetails silo,
    IGrainFactory grains,
    ReadReplica replica,
    ReaderStaleness staleness,
    IOptions<RecoveryOptions> recovery,
    TimeProvider time,
    ILogger<ReaderHeartbeat> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (silo.Name != BankSiloNames.Reader)
        {
            return;
        }

        lifecycle.Subscribe(
            nameof(ReaderHeartbeat),
            ServiceLifecycleStage.Active,
            started =>
            {
                foreach (var master in BankSiloNames.MasterIndexes)
                {
                    _ = Task.Run(() => PollLoopAsync(master, _stopping.Token));
                }

                return Task.CompletedTask;
            },
            _ =>
            {
                _stopping.Cancel();
                return Task.CompletedTask;
            });
    }

    private async Task PollLoopAsync(int master, CancellationToken cancellationToken)
    {
        var name = BankSiloMetadata.MasterNamePrefix + master;
        var feed = grains.GetGrain<IReaderFeedGrain>(master);
        var (incarnation, through) = ("", 0L);
        while (!cancellationToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                // Taken before the poll leaves: the master's answer covers what it committed before this.
                var sentAt = time.GetUtcNow();
                var page = await feed.Poll(incarnation, through, IReaderFeedGrain.MaxCommits)
                    .WaitAsync(recovery.Value.PeerCallTimeout, time, cancellationToken);
                if (page.Commits.Count > 0)
                {
                    await grains.GetGrain<IReadReplicaGrain>(0).ApplyMany(page.Commits).WaitAsync(cancellationToken);
                }

                if (page.Commits.All(c => c.Rows.All(r => replica.VersionOf(r.Account) >= r.Version)))
                {
                    (incarnation, through) = (page.Incarnation, page.Through);
                    more = !page.All;
                    if (page.All)
                    {
                        staleness.Heard(name, sentAt);
                    }
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A master that is down or slow: the reader goes stale on it unless the membership drops it.
                logger.LogDebug("Reader heartbeat to {Master} failed: {Message}", name, exception.Message);
            }

            // A master with more to send is polled again at once; otherwise at the next period.
            if (!more)
            {
                try
                {
                    await Task.Delay(recovery.Value.ReaderHeartbeatPeriod, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
