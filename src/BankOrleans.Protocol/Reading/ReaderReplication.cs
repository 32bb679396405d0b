using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The read replica's decisions (ARCHITECTURE §4) over its file and the masters: applying the
/// committed rows the feed brings, filling a gap before them from the masters' chosen history,
/// and bringing accounts up to their chosen state (catch-up), rebuilding a copy that contradicts
/// it. The reader silo's grain and the simulator are adapters; callers apply one batch at a time.
/// </summary>
public sealed class ReaderReplication
{
    private readonly IReaderStore _store;
    private readonly IReaderPeers _peers;
    private readonly ChosenHistory _history;
    private readonly ReaderSynchronizer _sync;
    private readonly Action<string, long>? _onRebuilt;

    /// <param name="store">The reader's file.</param>
    /// <param name="peers">The masters.</param>
    /// <param name="callTimeout">How long one master may take to answer a read of rows.</param>
    /// <param name="time">The clock of <paramref name="callTimeout"/>.</param>
    /// <param name="random">Which master is asked first (spreads catch-up load).</param>
    /// <param name="onRebuilt">Told each account (and version) rebuilt whole from the masters.</param>
    public ReaderReplication(IReaderStore store, IReaderPeers peers, TimeSpan callTimeout, TimeProvider time, Random random, Action<string, long>? onRebuilt = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _peers = peers ?? throw new ArgumentNullException(nameof(peers));
        _history = new ChosenHistory(peers, callTimeout, time, random);
        _sync = new ReaderSynchronizer(store, _history);
        _onRebuilt = onRebuilt;
    }

    /// <summary>
    /// Applies one committed operation's rows. Apply rule first (<see cref="ReadReplicaRules.Apply"/>);
    /// accounts whose copy contradicts the rows are resynchronised; a gap before the rows is
    /// filled from the masters' chosen history and applied together with them, or nothing is.
    /// </summary>
    public async Task<ReaderFeedResult> ApplyAsync(IReadOnlyList<LedgerEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = _store.Apply(rows);
        if (result.Complete)
        {
            _store.Applied(rows.Select(r => r.Account));
            return new ReaderFeedResult([], false);
        }

        if (result.Conflicts.Count > 0)
        {
            await ResyncAsync(result.Conflicts);
        }

        // Gap rule: the missing rows end at the committed row's previous hash, so only chosen rows fill it.
        var targets = result.Gaps.Select(g => new ReaderTarget(g.Account, g.UpToVersion, g.ExpectedHead, null));
        var reached = await _sync.ReachAsync(targets, rows);
        return new ReaderFeedResult(result.Conflicts, !reached);
    }

    /// <summary>
    /// Brings the accounts of <paramref name="marks"/> up to at least the marked versions (the
    /// heartbeat's marks of commits the feed lost): the rows the reader lacks, fetched from the
    /// masters' chosen history and applied as one consistent cut; when that fails, mark by mark,
    /// and an account that still cannot be reached that way (its copy contradicts the masters) is
    /// re-read by majority. Returns whether every account got there.
    /// </summary>
    public async Task<bool> ReachAsync(IReadOnlyList<CommitMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        static ReaderTarget Target(CommitMark m) => new(m.Account, m.Version, m.Head, null);
        if (await _sync.ReachAsync(marks.Select(Target), []))
        {
            return true;
        }

        var unreached = new List<string>();
        foreach (var mark in marks)
        {
            if (_store.VersionOf(mark.Account) < mark.Version && !await _sync.ReachAsync([Target(mark)], []))
            {
                unreached.Add(mark.Account);
            }
        }

        return unreached.Count == 0 || (await ResyncAsync(unreached)).Count == 0;
    }

    /// <summary>
    /// Brings each account to its chosen state, read by majority (its head names exactly the row
    /// the reader must end at): by fetching the rows it lacks when it is only behind, otherwise by
    /// rebuilding its copy whole. Returns the accounts it could not bring up to date.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResyncAsync(IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var failed = new List<string>();
        foreach (var account in accounts.Distinct(StringComparer.Ordinal))
        {
            var chosen = await _peers.ReadChosenAsync(account);
            if (chosen is null)
            {
                failed.Add(account);
                continue;
            }

            var mine = _store.Digest(account);
            if (!chosen.Exists || (mine is { Intact: true } && mine.Version == chosen.Version && mine.Head == chosen.Head))
            {
                continue;
            }

            var target = new ReaderTarget(account, chosen.Version, chosen.Head, null);
            var onlyBehind = mine is null || (mine.Intact && mine.Version < chosen.Version);
            if (onlyBehind && await _sync.ReachAsync([target], []))
            {
                continue;
            }

            if (!await RebuildAsync(target))
            {
                failed.Add(account);
            }
        }

        return failed;
    }

    // Rebuild rule: the reader's copy contradicts the chosen history (or its own ledger): replace it whole.
    private async Task<bool> RebuildAsync(ReaderTarget target)
    {
        var rows = await _history.FetchAsync(target.Account, 0, "", target.Version, target.IsCommitted);
        if (rows is null || rows.Count == 0)
        {
            return false;
        }

        _store.Rebuild(target.Account, rows);
        _store.Applied([target.Account]);
        _onRebuilt?.Invoke(target.Account, target.Version);
        // The other legs of its transfers come along, so the reader stays a consistent cut.
        var counterparts = rows
            .Where(r => r.IsTransferLeg && r.Counterparty is not null && _store.VersionOf(r.Counterparty) < r.CounterpartyVersion)
            .Select(ReaderTarget.OtherLeg);
        return await _sync.ReachAsync(counterparts, []);
    }
}
