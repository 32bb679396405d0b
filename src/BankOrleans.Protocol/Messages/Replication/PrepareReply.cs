namespace BankOrleans.Contracts.Replication;

/// <summary>
/// A replica's answer to <see cref="PrepareRequest"/>: either a promise with the state of every
/// account, or a refusal carrying the highest ballot it has promised among those accounts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PrepareReply(
    [property: Id(0)] bool Promised,
    [property: Id(1)] Ballot HighestPromised,
    [property: Id(2)] IReadOnlyList<AccountSnapshot> Accounts);
