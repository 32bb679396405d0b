namespace BankOrleans.Contracts.Reading;

/// <summary>
/// The feed of master N (key N = 1..3, pinned to master-N) as the reader pulls it on its heartbeat
/// (ARCHITECTURE §5b, feed rule): what coordinators on master-N sent down the one-way feed and
/// the reader has not acknowledged yet — user commits whole, account commits as marks. A poll
/// that returns everything, once the reader holds it, tells the reader it holds every write
/// master-N answered before the poll was sent. Silos only (the trust boundary refuses a client's call).
/// </summary>
public interface IReaderFeedGrain : IGrainWithIntegerKey
{
    /// <summary>The most commits and marks one <see cref="Poll"/> answers with.</summary>
    const int MaxCommits = 1024;

    /// <summary>
    /// Forgets the commits the reader now holds — every one up to <paramref name="acknowledgedThrough"/>
    /// of an earlier answer of <paramref name="incarnation"/> (an answer of an earlier life of the
    /// silo acknowledges nothing) — then answers with the oldest of those still unacknowledged,
    /// at most <paramref name="limit"/> (1..<see cref="MaxCommits"/>).
    /// </summary>
    Task<UserCommitsPage> Poll(string incarnation, long acknowledgedThrough, int limit);
}
