namespace BankOrleans.Contracts.Replication;

/// <summary>Phase 2: apply one operation, fenced on every account it writes.</summary>
[GenerateSerializer, Immutable]
public sealed record AcceptRequest(
    [Id(0)] BankOperation Operation,
    [Id(1)] IReadOnlyList<AccountFence> Fences);
