using BankOrleans.Contracts.Reading;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The reader's heartbeat to one master (ARCHITECTURE §5b): each poll takes the user commits
/// (registrations, logouts) that master fed and the reader has not acknowledged, applies them
/// like any fed operation, acknowledges them on the next poll once the reader holds them, and —
/// when the answer held everything — records in <see cref="ReaderStaleness"/> that the reader
/// heard from that master as of the moment the poll was sent. One poller per master, so a dead
/// master delays no other. Not thread-safe: one poll at a time.
/// </summary>
/// <param name="master">The master's number (1..3).</param>
/// <param name="masterName">Its name in <see cref="ReaderStaleness"/> (the silo name the membership shows).</param>
/// <param name="source">The masters' feeds.</param>
/// <param name="store">The reader's file, read to check that the commits were applied.</param>
/// <param name="apply">Applies a page of commits, in order, through the reader's single writer.</param>
/// <param name="staleness">Where hearing from the master is recorded.</param>
/// <param name="limit">The most commits one poll asks for.</param>
/// <param name="callTimeout">How long the master may take to answer.</param>
/// <param name="time">The clock of the timeout and of the heard-at time.</param>
public sealed class ReaderFeedPoller(
    int master,
    string masterName,
    IReaderFeedSource source,
    IReaderStore store,
    Func<IReadOnlyList<CommittedRows>, Task> apply,
    ReaderStaleness staleness,
    int limit,
    TimeSpan callTimeout,
    TimeProvider time)
{
    private string _incarnation = "";
    private long _through;

    /// <summary>The master polled.</summary>
    public int Master => master;

    /// <summary>
    /// One poll. Returns whether the master has more to send (poll again at once); throws when the
    /// master did not answer in time (the reader goes stale on it unless the membership drops it).
    /// </summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken = default)
    {
        // Taken before the poll leaves: the master's answer covers what it committed before this.
        var sentAt = time.GetUtcNow();
        var page = await source.PollAsync(master, _incarnation, _through, limit).WaitAsync(callTimeout, time, cancellationToken);
        if (page.Commits.Count > 0)
        {
            await apply(page.Commits).WaitAsync(cancellationToken);
        }

        // Heartbeat rule: acknowledge, and count as heard, only what the reader now holds (a
        // commit after a gap no master could fill yet stays unacknowledged and is sent again).
        if (!page.Commits.All(c => c.Rows.All(r => (store.GetAccount(r.Account)?.Version ?? 0) >= r.Version)))
        {
            return false;
        }

        (_incarnation, _through) = (page.Incarnation, page.Through);
        if (page.All)
        {
            staleness.Heard(masterName, sentAt);
        }

        return !page.All;
    }
}
