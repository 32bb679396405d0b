using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Grains.Placement;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>Activates this master's anti-entropy grain once the silo is active, so its timer runs.</summary>
internal sealed class AntiEntropyStarter(ILocalSiloDetails silo, IGrainFactory grains, ILogger<AntiEntropyStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (!BankSiloNames.TryMasterIndex(silo.Name, out var index))
        {
            return;
        }

        lifecycle.Subscribe(nameof(AntiEntropyStarter), ServiceLifecycleStage.Active, started =>
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await grains.GetGrain<IAntiEntropyGrain>(index).Start();
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Could not start the anti-entropy grain of {Silo}", silo.Name);
                }
            });
            return Task.CompletedTask;
        });
    }
}
