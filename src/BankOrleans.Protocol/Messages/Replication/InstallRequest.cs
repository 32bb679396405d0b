namespace BankOrleans.Contracts.Replication;

/// <summary>
/// Repair or completion of several accounts under one ballot, applied by the replica in one
/// transaction (all accounts or none), so a transfer's two legs are never installed apart.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InstallRequest(
    [Id(0)] Ballot Ballot,
    [Id(1)] IReadOnlyList<AccountInstall> Accounts);
