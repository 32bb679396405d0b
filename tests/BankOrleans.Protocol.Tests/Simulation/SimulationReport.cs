namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>What one seeded run did and which invariants it broke.</summary>
internal sealed record SimulationReport(
    int Seed,
    IReadOnlyList<string> Violations,
    int Committed,
    int Rejected,
    int Unavailable,
    int Unknown,
    int Crashed)
{
    public bool Ok => Violations.Count == 0;

    public string ReplayCommand =>
        $"BANK_SIM_SEED={Seed} dotnet test tests/BankOrleans.Protocol.Tests --filter \"FullyQualifiedName~DeterministicSimulationTests\"";
}
