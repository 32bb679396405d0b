using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using Microsoft.Extensions.DependencyInjection;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>Which replica files fsync every commit, as the silos are really configured.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class ReplicaDurabilityTests(BankClusterFixture fixture)
{
    [Fact]
    public void Every_master_fsyncs_each_commit_and_the_reader_only_at_checkpoints()
    {
        foreach (var name in BankClusterFixture.SiloNames)
        {
            var holder = fixture.Silo(name).SiloHost.Services.GetRequiredService<ReplicaStoreHolder>();
            Assert.Equal(name != BankSiloNames.Reader, holder.Store.DurableCommits);
        }
    }
}
