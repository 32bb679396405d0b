using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The reader's catch-up (ARCHITECTURE §4), run at start before it serves (every page of the
/// masters' inventories) and by the heartbeat's restart rule (the masters' range summaries,
/// <see cref="DigestRanges"/>, against the reader's, and every page of each range whose summary
/// differs): each served account whose digest differs from the reader's on any master that
/// answered, or whose copy on the reader fails its integrity check, is re-read by majority
/// (<see cref="ReaderReplication.ResyncAsync"/>).
/// </summary>
/// <remarks>
/// Catch-up rule: two ready masters are needed. A write committed before the pass began is on a
/// majority, and any two masters include one of it, so its account differs there and is re-read;
/// one master alone may be the minority that missed it. Summary rule: a range whose count and
/// hash sum on a master equal the reader's holds no account that differs there (up to a 64-bit
/// hash collision), so only differing ranges are read; an idle reader that is caught up reads
/// three summaries, whatever the number of accounts. A summary covers account rows, not ledgers:
/// a reader copy damaged below an unchanged row is found by the start-up pass, which reads
/// every page.
/// </remarks>
/// <param name="peers">The masters (their summaries and inventories).</param>
/// <param name="store">The reader's file (its summaries and digests).</param>
/// <param name="replication">The reader's replication, which re-reads accounts.</param>
/// <param name="served">Which keys the reader holds: accounts, and user objects (their versions are the session epochs).</param>
/// <param name="pageSize">Digests per inventory page.</param>
/// <param name="callTimeout">How long one summary or page may take.</param>
/// <param name="time">The clock of <paramref name="callTimeout"/>.</param>
public sealed class ReaderCatchUpPass(
    IReaderPeers peers,
    IReaderStore store,
    ReaderReplication replication,
    Func<string, bool> served,
    int pageSize,
    TimeSpan callTimeout,
    TimeProvider time)
{
    /// <summary>The masters needed (catch-up rule).</summary>
    public const int MastersNeeded = 2;

    // When the last pass that finished began: it holds every write committed before then.
    private DateTimeOffset? _lastDoneBegan;

    /// <summary>Whether a pass that began at or after <paramref name="since"/> has finished (the heartbeat's restart rule).</summary>
    public bool DoneSince(DateTimeOffset since) => _lastDoneBegan >= since;

    /// <summary>One catch-up pass; call again until it is done. Not thread-safe: one pass at a time.</summary>
    /// <param name="everyPage">Read every page of the masters' inventories (start-up), not only the ranges whose summaries differ.</param>
    public async Task<ReaderCatchUpResult> RunAsync(bool everyPage)
    {
        var began = time.GetUtcNow();
        var summaries = new List<(int Master, IReadOnlyList<RangeDigest> Ranges)>();
        for (var master = 1; master <= 3; master++)
        {
            try
            {
                var summary = await peers.SummaryAsync(master).WaitAsync(callTimeout, time);
                if (summary.Ready)
                {
                    summaries.Add((master, summary.Ranges));
                }
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // A master that is down: the others decide.
            }
        }

        if (summaries.Count < MastersNeeded)
        {
            return new ReaderCatchUpResult(false, summaries.Count, 0, []);
        }

        // Summary rule: only the ranges that differ from the reader's are read, unless every page is.
        var mine = store.Summary().ToDictionary(r => r.Range, StringComparer.Ordinal);
        var digests = new List<ReplicaDigest>();
        foreach (var (master, ranges) in summaries)
        {
            try
            {
                if (everyPage)
                {
                    digests.AddRange((await InventoryPages.ReadAllAsync((from, limit) => peers.InventoryAsync(master, from, limit), pageSize, callTimeout, time)).Accounts);
                    continue;
                }

                foreach (var range in ranges.Where(r => !mine.TryGetValue(r.Range, out var held) || held != r).Select(r => r.Range))
                {
                    digests.AddRange(await ReadRangeAsync(master, range));
                }
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // A master that answered its summary but not its pages: the pass is not done.
                return new ReaderCatchUpResult(false, summaries.Count, 0, []);
            }
        }

        var stale = digests
            .Where(d => served(d.Account))
            .GroupBy(d => d.Account, StringComparer.Ordinal)
            .Where(g => store.Digest(g.Key) is not { Intact: true } held || g.Any(d => d.Version != held.Version || d.Head != held.Head))
            .Select(g => g.Key)
            .ToArray();
        var failed = await replication.ResyncAsync(stale);
        if (failed.Count == 0)
        {
            _lastDoneBegan = began;
        }

        return new ReaderCatchUpResult(failed.Count == 0, summaries.Count, stale.Length, failed);
    }

    // Every page of one range of a master's inventory: the range's keys are contiguous from its name.
    private async Task<IReadOnlyList<ReplicaDigest>> ReadRangeAsync(int master, string range)
    {
        var digests = new List<ReplicaDigest>();
        var from = range;
        while (true)
        {
            var page = await peers.InventoryAsync(master, from, pageSize).WaitAsync(callTimeout, time);
            var inRange = page.Accounts.TakeWhile(d => DigestRanges.Holds(range, d.Account)).ToArray();
            digests.AddRange(inRange);
            if (inRange.Length < page.Accounts.Count || page.Accounts.Count < pageSize)
            {
                return digests;
            }

            from = InventoryPages.After(inRange[^1].Account);
        }
    }
}
