namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>
/// The session-lease rule under drifting clocks (<see cref="SessionLeaseSimulation"/>): it holds
/// over every seed, saves nearly every read, and each of its parts is needed — with one broken,
/// the simulation finds a check that accepts an ended session, or refuses a live one for good.
/// </summary>
public sealed class SessionLeaseSimulationTests
{
    private const int Seeds = 200;

    [Fact]
    public void No_check_after_a_logout_answered_accepts_the_session_and_none_refuses_one_never_ended()
    {
        var checks = 0;
        var reads = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var outcome = new SessionLeaseSimulation(seed, SessionLeaseMutation.None).Run();
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
        for (var seed = 1; seed <= 20; seed++)
        {
            var outcome = new SessionLeaseSimulation(seed, SessionLeaseMutation.None, leases: false).Run();

            Assert.True(outcome.Violation is null, $"seed {seed}: {outcome.Violation}");
            Assert.Equal(outcome.Checks, outcome.Reads);
        }
    }

    [Theory]
    [InlineData(SessionLeaseMutation.StampAtReadEnd)]
    [InlineData(SessionLeaseMutation.LogoutDoesNotWait)]
    [InlineData(SessionLeaseMutation.WaitIgnoresDrift)]
    [InlineData(SessionLeaseMutation.FloorIsHighest)]
    public void The_simulation_catches_a_broken_session_lease_rule(SessionLeaseMutation mutation)
    {
        var caught = Enumerable.Range(1, Seeds).FirstOrDefault(seed => new SessionLeaseSimulation(seed, mutation).Run().Violation is not null);

        Assert.True(caught > 0, $"{mutation} went unnoticed in {Seeds} seeds");
    }
}
