using BankOrleans.Cluster.Tests.TestGrains;
using BankOrleans.Grains.Placement;
using BankOrleans.Topology;

namespace BankOrleans.Cluster.Tests.Placement;

[Collection(BankClusterCollection.Name)]
public sealed class RolePlacementTests(BankClusterFixture fixture)
{
    [Fact]
    public async Task Master_only_grain_never_activates_on_the_reader()
    {
        var silos = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(_ => fixture.Client.GetGrain<IMasterOnlyProbeGrain>(Guid.NewGuid()).GetSiloName()));

        Assert.All(silos, silo => Assert.Contains(silo, new[] { "master-1", "master-2", "master-3" }));
    }

    [Fact]
    public async Task Reader_only_grain_activates_only_on_the_reader()
    {
        var silos = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => fixture.Client.GetGrain<IReaderOnlyProbeGrain>(Guid.NewGuid()).GetSiloName()));

        Assert.All(silos, silo => Assert.Equal(SiloRoles.Reader, silo));
    }
}
