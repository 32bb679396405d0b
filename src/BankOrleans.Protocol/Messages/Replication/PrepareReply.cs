namespace BankOrleans.Contracts.Replication;

/// <summary>
/// A replica's answer to <see cref="PrepareRequest"/>: either a promise with the state of every
/// account, or a refusal carrying the highest ballot it has promised among those accounts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PrepareReply(
    [Id(0)] bool Promised,
    [Id(1)] Ballot HighestPromised,
    [Id(2)] IReadOnlyList<AccountSnapshot> Accounts);
