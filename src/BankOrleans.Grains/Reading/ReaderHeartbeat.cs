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
/// (<see cref="IReaderFeedGrain"/>) through a <see cref="ReaderFeedPoller"/>, which applies the
/// user commits and fills the account commits the feed lost through the read replica grain, and records when the reader heard from that master
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
        var poller = new ReaderFeedPoller(
            master,
            name,
            new GrainFeedSource(grains),
            replica,
            async commits => await grains.GetGrain<IReadReplicaGrain>(0).ApplyMany(commits),
            async marks => await grains.GetGrain<IReadReplicaGrain>(0).Reach(marks),
            since => grains.GetGrain<IReadReplicaGrain>(0).CaughtUpSince(since),
            staleness,
            IReaderFeedGrain.MaxCommits,
            recovery.Value.PeerCallTimeout,
            time);
        while (!cancellationToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await poller.PollAsync(cancellationToken);
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

    // The masters' feeds, each pinned to its master silo.
    private sealed class GrainFeedSource(IGrainFactory grains) : IReaderFeedSource
    {
        public Task<UserCommitsPage> PollAsync(int master, string incarnation, long acknowledgedThrough, int limit) =>
            grains.GetGrain<IReaderFeedGrain>(master).Poll(incarnation, acknowledgedThrough, limit);
    }
}
