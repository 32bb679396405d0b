namespace BankOrleans.Contracts.Reading;

/// <summary>One answer of a master's reader feed (<c>IReaderFeedGrain.Poll</c>, <see cref="BankOrleans.Protocol.Reading.UnacknowledgedUserCommits.Poll"/>).</summary>
/// <param name="Incarnation">This life of the master silo's feed; acknowledgements name it.</param>
/// <param name="Through">The sequence number to acknowledge once the reader holds <paramref name="Commits"/>.</param>
/// <param name="Commits">Unacknowledged user commits, oldest first; for each user only its newest.</param>
/// <param name="All">Whether nothing else was unacknowledged when the master answered.</param>
[GenerateSerializer, Immutable]
public sealed record UserCommitsPage(
    [Id(0)] string Incarnation,
    [Id(1)] long Through,
    [Id(2)] IReadOnlyList<CommittedRows> Commits,
    [Id(3)] bool All);
