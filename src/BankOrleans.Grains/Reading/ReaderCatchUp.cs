using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// The reader's catch-up at start (ARCHITECTURE §4): once the silo is active it asks the read
/// replica grain to catch up from the masters until it succeeds; until then the query grains
/// answer "unavailable" and clients read from the masters.
/// </summary>
internal sealed class ReaderCatchUp(
    ILocalSiloDetails silo,
    IGrainFactory grains,
    ReplicaReadiness readiness,
    TimeProvider time,
    ILogger<ReaderCatchUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (silo.Name != BankSiloNames.Reader)
        {
            return;
        }

        lifecycle.Subscribe(
            nameof(ReaderCatchUp),
            ServiceLifecycleStage.Active,
            started =>
            {
                _ = Task.Run(() => RunAsync(_stopping.Token));
                return Task.CompletedTask;
            },
            _ =>
            {
                _stopping.Cancel();
                return Task.CompletedTask;
            });
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Polling with a growing pause: "two masters are up" has no event a silo can await.
        var pause = TimeSpan.FromMilliseconds(250);
        while (!cancellationToken.IsCancellationRequested && !readiness.IsReady)
        {
            try
            {
                if (await grains.GetGrain<IReadReplicaGrain>(0).CatchUp())
                {
                    return;
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Read replica catch-up attempt failed: {Message}", exception.Message);
            }

            try
            {
                await Task.Delay(pause, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, pause.Ticks * 2));
        }
    }
}
