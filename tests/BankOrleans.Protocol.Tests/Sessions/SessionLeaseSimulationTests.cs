using BankOrleans.Protocol.Sessions;

namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>
/// The session-lease rule under drifting clocks (<see cref="SessionLeaseSimulation"/>): it holds
/// over every seed, saves nearly every read, and each of its parts is needed — with one broken,
/// the simulation finds a check that accepts an ended session within the same seeds.
/// </summary>
public sealed class SessionLeaseSimulationTests
{
    private const int Seeds = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    [Fact]
    public void No_check_that_begins_after_a_logout_answered_accepts_the_ended_session()
    {
        var checks = 0;
        var reads = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var outcome = new SessionLeaseSimulation(seed, SessionLeaseMutation.None, Lease).Run();
            Assert.True(outcome.Violation is null, $"seed {seed}: {outcome.Violation}");
            checks += outcome.Checks;
            reads += outcome.Reads;
        }

        // Checks every 2 ms on average against a 1-s lease: about one read in 500 checks, plus the
        // reads around the logout.
        Assert.True(reads * 50 < checks, $"{reads} majority reads for {checks} checks");
    }

    [Fact]
    public void Without_leases_every_check_reads_a_majority_and_the_rule_still_holds()
    {
        var outcome = new SessionLeaseSimulation(7, SessionLeaseMutation.None, TimeSpan.Zero).Run();

        Assert.Null(outcome.Violation);
        Assert.Equal(outcome.Checks, outcome.Reads);
    }

    [Theory]
    [InlineData(SessionLeaseMutation.StampAtReadEnd)]
    [InlineData(SessionLeaseMutation.LogoutDoesNotWait)]
    [InlineData(SessionLeaseMutation.WaitIgnoresDrift)]
    public void The_simulation_catches_a_broken_session_lease_rule(SessionLeaseMutation mutation)
    {
        var caught = Enumerable.Range(1, Seeds).FirstOrDefault(seed => new SessionLeaseSimulation(seed, mutation, Lease).Run().Violation is not null);

        Assert.True(caught > 0, $"{mutation} went unnoticed in {Seeds} seeds");
    }
}
