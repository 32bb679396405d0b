namespace BankOrleans.Contracts.Replication;

/// <summary>An account's balance at a version, as a write answers it.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountBalance(
    [Id(0)] string Account,
    [Id(1)] long BalanceCents,
    [Id(2)] long Version);
