namespace BankOrleans.Contracts.Reading;

/// <summary>One answer of <see cref="IReaderFeedGrain.Poll"/>.</summary>
/// <param name="Incarnation">This life of the master silo's feed; acknowledgements name it.</param>
/// <param name="Through">The sequence number to acknowledge once the reader holds <paramref name="Commits"/>.</param>
/// <param name="Commits">Unacknowledged user commits, oldest first; for each user only its newest.</param>
/// <param name="All">Whether nothing else was unacknowledged when the master answered.</param>
[GenerateSerializer, Immutable]
public sealed record UserCommitsPage(
    [property: Id(0)] string Incarnation,
    [property: Id(1)] long Through,
    [property: Id(2)] IReadOnlyList<CommittedRows> Commits,
    [property: Id(3)] bool All);
