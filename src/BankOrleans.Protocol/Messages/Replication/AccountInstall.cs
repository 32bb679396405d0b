namespace BankOrleans.Contracts.Replication;

/// <summary>
/// State transfer for one account: drop the replica's rows above <see cref="BaseVersion"/>,
/// append <see cref="Entries"/> (which must chain onto the replica's row at BaseVersion) and
/// set the account to <see cref="Target"/>.
/// </summary>
/// <param name="BaseVersion">The version the entries chain onto.</param>
/// <param name="BaseHead">The hash of the replica's row at <paramref name="BaseVersion"/>.</param>
/// <param name="Entries">The rows above the base.</param>
/// <param name="Target">The account's state once installed.</param>
/// <param name="Ballot">
/// The ballot this account is checked against and stamped with, when it is not the request's: a
/// coordinator that prepared the two accounts of a transfer under different ballots repairs a
/// replica with each account's own (a ballot an account was not prepared under must never be
/// stamped on it).
/// </param>
[GenerateSerializer, Immutable]
public sealed record AccountInstall(
    [Id(0)] long BaseVersion,
    [Id(1)] string BaseHead,
    [Id(2)] IReadOnlyList<LedgerEntry> Entries,
    [Id(3)] AccountState Target,
    [Id(4)] Ballot? Ballot = null);
