namespace BankOrleans.Contracts.Replication;

/// <summary>An account's balance at a version, as a write answers it.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountBalance(
    [property: Id(0)] string Account,
    [property: Id(1)] long BalanceCents,
    [property: Id(2)] long Version);
