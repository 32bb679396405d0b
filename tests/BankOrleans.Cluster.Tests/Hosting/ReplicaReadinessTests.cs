using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Replication;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>A replica's readiness as the silo's <c>/health/ready</c> reports it.</summary>
public sealed class ReplicaReadinessTests
{
    [Fact]
    public void The_silo_is_not_ready_until_its_replica_has_caught_up()
    {
        var silo = new SiloReadiness();
        var replica = new ReplicaReadiness(silo);

        Assert.Contains(silo.Pending, p => p.Key == ReplicaReadiness.Component && p.Value.Contains("catching up", StringComparison.Ordinal));
        replica.MarkReady();
        Assert.True(silo.AllComponentsReady);
    }

    [Fact]
    public void A_replica_found_damaged_makes_the_silo_not_ready_for_good()
    {
        var silo = new SiloReadiness();
        var replica = new ReplicaReadiness(silo);
        replica.MarkReady();

        replica.MarkDamaged("database disk image is malformed");
        replica.MarkReady();

        Assert.False(replica.IsReady);
        var pending = Assert.Single(silo.Pending);
        Assert.Equal(ReplicaReadiness.Component, pending.Key);
        Assert.Contains("database disk image is malformed", pending.Value, StringComparison.Ordinal);
    }
}
