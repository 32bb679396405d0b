using BankOrleans.Cluster.Tests.TestGrains;
using BankOrleans.Grains.Placement;

namespace BankOrleans.Cluster.Tests.Placement;

[Collection(BankClusterRestartCollection.Name)]
public sealed class PinningRecoveryTests(BankClusterFixture fixture)
{
    [Fact]
    public async Task Pinned_grain_returns_to_master_2_after_master_2_restarts()
    {
        var pinned = fixture.Client.GetGrain<IPinnedProbeGrain>(2);
        Assert.Equal("master-2", await pinned.GetSiloName());
        var before = fixture.Silo("master-2").SiloAddress;

        await fixture.RestartSiloAsync("master-2");

        var after = fixture.Silo("master-2").SiloAddress;
        Assert.NotEqual(before, after);
        Assert.Equal("master-2", await Eventually.ReturnsAsync(pinned.GetSiloName, s => s == "master-2", "pinned grain 2 answering after restart"));
    }

    [Fact]
    public async Task Pinned_grain_fails_clearly_while_master_2_is_dead_and_returns_when_it_rejoins()
    {
        var pinned = fixture.Client.GetGrain<IPinnedProbeGrain>(2);
        Assert.Equal("master-2", await pinned.GetSiloName());

        var instance = await fixture.KillSiloAsync("master-2");

        var failure = await Eventually.ReturnsAsync(
            () => CallFailureAsync(pinned),
            error => error is PinnedSiloUnavailableException,
            "pinned grain 2 reporting its silo unavailable");
        Assert.Contains("'master-2'", failure!.Message);
        Assert.Equal("master-1", await fixture.Client.GetGrain<IPinnedProbeGrain>(1).GetSiloName());
        Assert.Equal("master-3", await fixture.Client.GetGrain<IPinnedProbeGrain>(3).GetSiloName());

        await fixture.StartSiloAsync(instance);

        Assert.Equal("master-2", await Eventually.ReturnsAsync(pinned.GetSiloName, s => s == "master-2", "pinned grain 2 answering after rejoin"));
    }

    private static async Task<Exception?> CallFailureAsync(IPinnedProbeGrain grain)
    {
        try
        {
            await grain.GetSiloName();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
