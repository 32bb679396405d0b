namespace BankOrleans.Contracts.Reconciliation;

/// <summary>One account compared across the replicas: what each holds, the verdict, and why.</summary>
/// <param name="Account">The account number.</param>
/// <param name="Verdict">What the comparison found.</param>
/// <param name="Detail">One line for operators.</param>
/// <param name="Replicas">master-1, master-2, master-3, reader, in that order.</param>
[GenerateSerializer, Immutable]
public sealed record AccountComparison(
    [Id(0)] string Account,
    [Id(1)] ComparisonVerdict Verdict,
    [Id(2)] string Detail,
    [Id(3)] IReadOnlyList<ReplicaObservation> Replicas);
