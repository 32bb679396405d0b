namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// What one seeded run did and which invariants it broke. <c>SharedSeats</c>: first rounds of the
/// shared coordinator that shared their vote and prepare with another operation's.
/// </summary>
internal sealed record SimulationReport(
    int Seed,
    IReadOnlyList<string> Violations,
    int Committed,
    int Rejected,
    int Unavailable,
    int Unknown,
    int Crashed,
    int SharedSeats)
{
    public bool Ok => Violations.Count == 0;

    public string ReplayCommand =>
        $"BANK_SIM_SEED={Seed} dotnet test tests/BankOrleans.Protocol.Tests --filter \"FullyQualifiedName~DeterministicSimulationTests\"";
}
