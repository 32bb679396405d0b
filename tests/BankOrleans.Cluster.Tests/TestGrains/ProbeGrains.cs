using BankOrleans.Grains.Placement;
using BankOrleans.Silo.Hosting;
using BankOrleans.Topology;
using Orleans.Runtime;

namespace BankOrleans.Cluster.Tests.TestGrains;

/// <summary>Reports the name of the silo its activation lives on.</summary>
public interface ISiloNameProbe
{
    Task<string> GetSiloName();
}

public interface IMasterOnlyProbeGrain : IGrainWithGuidKey, ISiloNameProbe;

public interface IReaderOnlyProbeGrain : IGrainWithGuidKey, ISiloNameProbe;

public interface IPinnedProbeGrain : IGrainWithIntegerKey, ISiloNameProbe;

public abstract class SiloNameProbeGrain(ILocalSiloDetails silo) : Grain, ISiloNameProbe
{
    public Task<string> GetSiloName() => Task.FromResult(silo.Name);
}

[RequiredRole(SiloRoles.Master)]
public sealed class MasterOnlyProbeGrain(ILocalSiloDetails silo) : SiloNameProbeGrain(silo), IMasterOnlyProbeGrain;

[RequiredRole(SiloRoles.Reader)]
public sealed class ReaderOnlyProbeGrain(ILocalSiloDetails silo) : SiloNameProbeGrain(silo), IReaderOnlyProbeGrain;

[PinnedToMaster]
[RequiredRole(SiloRoles.Master)]
public sealed class PinnedProbeGrain(ILocalSiloDetails silo) : SiloNameProbeGrain(silo), IPinnedProbeGrain;

/// <summary>A counter kept in the <c>council</c> grain storage (the per-silo SQLite file).</summary>
public interface IDurableCounterGrain : IGrainWithIntegerKey
{
    Task<(int Value, string? ETag, string Silo)> Increment();

    Task Deactivate();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

[PinnedToMaster]
public sealed class DurableCounterGrain(
    [PersistentState("counter", BankSiloHostingExtensions.CouncilStorageName)] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, IDurableCounterGrain
{
    public async Task<(int Value, string? ETag, string Silo)> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return (state.State.Value, state.Etag, silo.Name);
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
