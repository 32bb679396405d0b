using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.Recovery;

[Collection(ScheduledAntiEntropyCollection.Name)]
public sealed class AntiEntropyScheduleTests(ScheduledAntiEntropyClusterFixture fixture)
{
    [Fact]
    public async Task Silos_run_anti_entropy_passes_on_their_own_schedule()
    {
        var customer = await Customer.RegisterAsync(fixture.Client);
        var account = customer.FirstAccount;

        await Task.WhenAll(Enumerable.Range(1, 3).Select(n => fixture.Client.GetGrain<IReplicaGrain>(n).SetFrozen([account], true)));

        // No pass is requested here: only a scheduled pass unfreezes an account whose masters agree.
        var digests = await Eventually.ReturnsAsync(
            () => ReplicaProbe.MasterDigestsAsync(fixture.Client, account),
            all => all.All(d => d is { Frozen: false }),
            "a scheduled pass unfreezing the agreeing account");
        Assert.All(digests, d => Assert.Equal(customer.FirstAccount, d!.Account));
    }
}
