using BankOrleans.Contracts.Reading;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The reader's heartbeat to one master (ARCHITECTURE §5b): each poll takes what that master's
/// coordinators fed and the reader has not acknowledged (<see cref="UnacknowledgedCommits"/>),
/// applies the user commits like any fed operation, fills every account mark the reader does not
/// hold yet from the masters' chosen history (the one-way feed lost it), acknowledges them on the
/// next poll once the reader holds them, and — when the answer held everything — records in
/// <see cref="ReaderStaleness"/> that the reader heard from that master as of the moment the poll
/// was sent. A master whose answer comes from a life the poller has not acknowledged (a restart,
/// or the first answer this reader process gets) may have lost what its previous life had not
/// handed over: the master counts as heard only once a catch-up pass that began after that
/// answer arrived has finished. One poller per master, so a dead master delays no other. Not
/// thread-safe: one poll at a time.
/// </summary>
/// <param name="master">The master's number (1..3).</param>
/// <param name="masterName">Its name in <see cref="ReaderStaleness"/> (the silo name the membership shows).</param>
/// <param name="source">The masters' feeds.</param>
/// <param name="store">The reader's file, read to check that the commits were applied.</param>
/// <param name="apply">Applies a page of commits, in order, through the reader's single writer.</param>
/// <param name="reach">Brings accounts up to the given versions from the masters, through the reader's single writer.</param>
/// <param name="caughtUpSince">
/// Makes sure a catch-up pass (<see cref="ReaderCatchUpPass"/>) that began at or after the given
/// time has finished, running one if needed; returns whether one has.
/// </param>
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
    Func<IReadOnlyList<CommitMark>, Task> reach,
    Func<DateTimeOffset, Task<bool>> caughtUpSince,
    ReaderStaleness staleness,
    int limit,
    TimeSpan callTimeout,
    TimeProvider time)
{
    private string _incarnation = "";
    private long _through;

    // When the first answer of a life not yet acknowledged arrived: retries wait for a pass that
    // began after it, not after their own answer, so a pass longer than a period still counts.
    private (string Incarnation, DateTimeOffset ArrivedAt)? _newLife;

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

        // Restart rule: a new life of the master lost its previous life's unacknowledged commits,
        // each answered before this page arrived; a majority's inventories hold them.
        if (page.Incarnation != _incarnation)
        {
            if (_newLife?.Incarnation != page.Incarnation)
            {
                _newLife = (page.Incarnation, time.GetUtcNow());
            }

            if (!await caughtUpSince(_newLife.Value.ArrivedAt).WaitAsync(cancellationToken))
            {
                return false;
            }
        }

        if (page.Commits.Count > 0)
        {
            await apply(page.Commits).WaitAsync(cancellationToken);
        }

        var marks = page.Marks ?? [];
        var missing = marks.Where(m => !Holds(m.Account, m.Version)).ToArray();
        if (missing.Length > 0)
        {
            await reach(missing).WaitAsync(cancellationToken);
        }

        // Heartbeat rule: acknowledge, and count as heard, only what the reader now holds (a
        // commit after a gap no master could fill yet stays unacknowledged and is sent again).
        if (!page.Commits.All(c => c.Rows.All(r => Holds(r.Account, r.Version))) || !missing.All(m => Holds(m.Account, m.Version)))
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

    private bool Holds(string account, long version) => store.VersionOf(account) >= version;
}
