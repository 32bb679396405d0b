using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// Asks this master's anti-entropy grain for a pass every <see cref="RecoveryOptions.AntiEntropyPeriod"/>
/// while the silo is active. The schedule lives in the silo rather than in a grain timer: a timer
/// dies with its activation, and Orleans may deactivate any activation (for example when the silo
/// holding its directory entry dies), which once silently stopped every later pass; a call
/// re-activates the grain.
/// </summary>
internal sealed class AntiEntropyDriver(
    ILocalSiloDetails silo,
    IGrainFactory grains,
    IOptions<RecoveryOptions> recovery,
    TimeProvider time,
    ILogger<AntiEntropyDriver> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
    {
        var period = recovery.Value.AntiEntropyPeriod;
        if (period <= TimeSpan.Zero || !BankSiloNames.TryMasterIndex(silo.Name, out var index))
        {
            return;
        }

        lifecycle.Subscribe(
            nameof(AntiEntropyDriver),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _loop = Task.Run(() => RunAsync(index, period, _stop.Token));
                return Task.CompletedTask;
            },
            async _ =>
            {
                await _stop.CancelAsync();
                await _loop;
            });
    }

    private async Task RunAsync(int index, TimeSpan period, CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(period, time);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop))
            {
                try
                {
                    await grains.GetGrain<IAntiEntropyGrain>(index).RunPass(force: false).WaitAsync(stop);
                }
                catch (Exception exception) when (!stop.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Anti-entropy pass of master-{Index} failed; the next one retries", index);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The silo is stopping: whatever the last pass was doing no longer matters.
        }
    }
}
