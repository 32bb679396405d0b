using BankOrleans.Cluster.Tests.TestGrains;
using BankOrleans.Grains.Council;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Grains.Replication;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime.Placement;

namespace BankOrleans.Cluster.Tests.Placement;

[Collection(BankClusterCollection.Name)]
public sealed class PinnedPlacementTests(BankClusterFixture fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Pinned_grain_with_key_N_lives_on_master_N(long key)
    {
        var silo = await fixture.Client.GetGrain<IPinnedProbeGrain>(key).GetSiloName();

        Assert.Equal($"master-{key}", silo);
    }

    // Orleans deactivates every activation whose grain-directory entry lived on a silo that dies;
    // grains whose strategy keeps them out of the directory are exempt. Pinned grains must be: a
    // council member re-activated by the reader's death lost its leases (a stall of one lease),
    // and the anti-entropy grain lost its timer (a master stayed behind until the end of a chaos run).
    [Theory]
    [InlineData(typeof(LockCouncilGrain))]
    [InlineData(typeof(ReplicaGrain))]
    [InlineData(typeof(AntiEntropyGrain))]
    public void Pinned_grains_stay_out_of_the_grain_directory_on_every_silo(Type grainClass)
    {
        foreach (var name in BankClusterFixture.SiloNames)
        {
            var services = fixture.Silo(name).SiloHost.Services;
            var grainType = services.GetRequiredService<GrainTypeResolver>().GetGrainType(grainClass);
            var strategy = services.GetRequiredService<PlacementStrategyResolver>().GetPlacementStrategy(grainType);

            Assert.IsType<PinnedToNamedSiloPlacement>(strategy);
            Assert.False(strategy.IsUsingGrainDirectory, $"{grainClass.Name} on {name} is registered in the grain directory");
        }
    }

    [Fact]
    public async Task Pinned_grain_whose_key_names_no_silo_fails_with_a_clear_exception()
    {
        var error = await Assert.ThrowsAsync<PinnedSiloUnavailableException>(
            () => fixture.Client.GetGrain<IPinnedProbeGrain>(4).GetSiloName());

        Assert.Contains("'master-4'", error.Message);
    }

    [Fact]
    public async Task Council_storage_keeps_grain_state_in_the_silos_sqlite_file_across_activations()
    {
        var counter = fixture.Client.GetGrain<IDurableCounterGrain>(3);

        var first = await counter.Increment();
        await counter.Deactivate();
        var second = await Eventually.ReturnsAsync(() => counter.Increment(), r => r.Value >= 2, "counter re-read from storage");

        Assert.Equal((1, "1", "master-3"), first);
        Assert.Equal((2, "2", "master-3"), second);
        Assert.True(File.Exists(Path.Combine(fixture.DataDirectory, "master-3-grainstate.db")));
    }
}
