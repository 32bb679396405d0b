namespace BankOrleans.Contracts.Replication;

/// <summary>
/// Phase 1 for a set of accounts: "promise not to accept anything below this ballot".
/// A replica promises all the accounts or none of them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PrepareRequest(
    [Id(0)] Ballot Ballot,
    [Id(1)] IReadOnlyList<string> Accounts);
