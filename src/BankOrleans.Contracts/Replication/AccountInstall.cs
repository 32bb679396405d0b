namespace BankOrleans.Contracts.Replication;

/// <summary>
/// State transfer for one account: drop the replica's rows above <see cref="BaseVersion"/>,
/// append <see cref="Entries"/> (which must chain onto the replica's row at BaseVersion) and
/// set the account to <see cref="Target"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AccountInstall(
    [property: Id(0)] long BaseVersion,
    [property: Id(1)] string BaseHead,
    [property: Id(2)] IReadOnlyList<LedgerEntry> Entries,
    [property: Id(3)] AccountState Target);
