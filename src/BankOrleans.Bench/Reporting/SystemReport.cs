using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Reporting;

/// <summary>Everything the benchmark says about one system after its rounds.</summary>
/// <param name="Name">Short name (<c>bank</c>, <c>orleans-tx-sqlite</c>, …).</param>
/// <param name="Description">What ran, for people (silos, storage, durability).</param>
/// <param name="Measurement">Counts and latencies.</param>
/// <param name="Conservation">The money check, or null when it was not made.</param>
/// <param name="Memory">Each silo's peak RSS (empty for in-process systems).</param>
/// <param name="Verify">The bank's <c>admin verify</c> (null for other systems).</param>
public sealed record SystemReport(
    string Name,
    string Description,
    RunMeasurement Measurement,
    ConservationCheck? Conservation,
    IReadOnlyList<SiloMemory> Memory,
    VerifyStatus? Verify);
