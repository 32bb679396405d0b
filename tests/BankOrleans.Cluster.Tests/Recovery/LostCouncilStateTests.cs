using BankOrleans.Contracts.Council;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>
/// Issue 22's third interleaving on a real cluster: a council member whose state file is lost must
/// not issue a ballot it may already have granted to another coordinator.
/// </summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class LostCouncilStateTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_council_member_that_lost_its_state_file_grants_only_ballots_above_every_one_it_granted()
    {
        var member = Grains.GetGrain<ILockCouncilGrain>(2);
        var before = await Eventually.ReturnsAsync(
            () => member.RequestLease(new LeaseRequest($"test-{Guid.NewGuid():N}", [$"lost-council-{Guid.NewGuid():N}"], null)),
            r => r.Granted,
            "a grant from member 2");

        var instance = await fixture.KillSiloAsync("master-2");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path.Combine(fixture.DataDirectory, "master-2-grainstate.db" + suffix));
        }

        await fixture.StartSiloAsync(instance);

        // Its leases are gone with the process, so it first waits one lease period; then every ballot
        // it grants is in an epoch above all those it used (the others recorded them).
        var after = await Eventually.ReturnsAsync(
            () => member.RequestLease(new LeaseRequest($"test-{Guid.NewGuid():N}", [$"lost-council-{Guid.NewGuid():N}"], null)),
            r => r.Granted,
            "a grant from member 2 after it lost its state");
        Assert.True(after.Ballot.Epoch > before.Ballot.Epoch, $"granted {after.Ballot} after {before.Ballot}");
    }
}
