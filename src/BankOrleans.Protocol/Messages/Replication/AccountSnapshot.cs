namespace BankOrleans.Contracts.Replication;

/// <summary>
/// What a replica reports about one account in a promise: its state, and the rows of the
/// operation at its newest version (both legs, when it is a transfer and this replica has them).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AccountSnapshot(
    [Id(0)] AccountState State,
    [Id(1)] IReadOnlyList<LedgerEntry> TopEntries);
