namespace BankOrleans.Contracts.Reading;

/// <summary>
/// One answer of a master's reader feed (<c>IReaderFeedGrain.Poll</c>,
/// <see cref="BankOrleans.Protocol.Reading.UnacknowledgedCommits.Poll"/>). The name is kept from
/// when it carried user commits only, so that silos of both versions understand each other.
/// </summary>
/// <param name="Incarnation">This life of the master silo's feed; acknowledgements name it.</param>
/// <param name="Through">The sequence number to acknowledge once the reader holds <paramref name="Commits"/> and <paramref name="Marks"/>.</param>
/// <param name="Commits">Unacknowledged user commits, oldest first; for each user only its newest.</param>
/// <param name="All">Whether nothing else was unacknowledged when the master answered.</param>
/// <param name="Marks">Unacknowledged account commits, oldest first; for each account only its newest (null from a master of an earlier version).</param>
[GenerateSerializer, Immutable]
public sealed record UserCommitsPage(
    [Id(0)] string Incarnation,
    [Id(1)] long Through,
    [Id(2)] IReadOnlyList<CommittedRows> Commits,
    [Id(3)] bool All,
    [Id(4)] IReadOnlyList<CommitMark>? Marks = null);
