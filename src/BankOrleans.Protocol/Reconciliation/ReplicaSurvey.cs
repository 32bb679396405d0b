using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// Collects one page of every replica's digests (the three masters and the reader), or the
/// masters' digests of named accounts, and lines them up per account, for the anti-entropy pass
/// and the operator's <c>admin verify</c>/<c>admin replicas</c>.
/// Each replica gets one bounded call per page; one that does not answer in time is marked unreachable.
/// </summary>
/// <param name="peers">How the replicas are reached.</param>
/// <param name="callTimeout">How long each call may take before its replica counts as not answering.</param>
/// <param name="time">The clock of those timeouts.</param>
public sealed class ReplicaSurvey(IReplicaSurveyPeers peers, TimeSpan callTimeout, TimeProvider time)
{
    /// <summary>The most accounts one named survey (<see cref="CollectAccountsAsync"/>) reads: a replica's limit per call.</summary>
    public const int MaxNamedAccounts = 1024;

    /// <summary>
    /// The smallest page <see cref="SummaryComparison.PageFor"/> asks for: a range the masters hold
    /// few accounts of (and a lagging reader perhaps more) still takes a few calls, not one per account.
    /// </summary>
    public const int MinRangePage = 16;

    private static readonly int[] MasterIndexes = [1, 2, 3];

    /// <summary>
    /// One page: who answered, the observations per account (ordinal order), and the key the next
    /// page starts at (null when no replica holds anything beyond this page).
    /// </summary>
    public sealed record Result(
        IReadOnlyList<ReplicaObservation> Replicas,
        IReadOnlyDictionary<string, IReadOnlyList<ReplicaObservation>> Accounts,
        string? Next)
    {
        /// <summary>Replicas that did not answer or are still catching up.</summary>
        public IReadOnlyList<string> NotServing => Replicas.Where(r => !r.Reachable || !r.Ready).Select(r => r.Replica).ToArray();
    }

    /// <summary>
    /// Asks every replica for the page of at most <paramref name="limit"/> accounts from
    /// <paramref name="from"/> (inclusive) and lines the digests up per account.
    /// </summary>
    public async Task<Result> CollectAsync(string from, int limit)
    {
        var calls = MasterIndexes
            .Select(i => AskAsync(peers.MasterName(i), () => peers.MasterInventoryAsync(i, from, limit)))
            .Append(AskAsync(peers.ReaderName, () => peers.ReaderInventoryAsync(from, limit)))
            .ToArray();
        var answers = await Task.WhenAll(calls);

        // A replica that filled its page may hold more beyond its last key; below the lowest such
        // key every replica's answer is complete, so the page ends there and the next one starts after it.
        var end = answers
            .Where(a => a.Inventory is { } inventory && inventory.Accounts.Count >= limit)
            .Select(a => a.Inventory!.Accounts[^1].Account)
            .Min(StringComparer.Ordinal);
        var accounts = new SortedSet<string>(
            answers.SelectMany(a => a.Inventory?.Accounts.Select(d => d.Account) ?? [])
                .Where(account => end is null || string.CompareOrdinal(account, end) <= 0),
            StringComparer.Ordinal);
        return LineUp(answers, accounts, end is null ? null : InventoryPages.After(end));
    }

    /// <summary>
    /// The masters' digests of the named accounts (at most <see cref="MaxNamedAccounts"/>),
    /// lined up like a page. The reader is not asked, and shows as not answering: named accounts
    /// are checked for the masters' sake, and the sweep re-feeds the reader.
    /// </summary>
    public async Task<Result> CollectAccountsAsync(IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        accounts = accounts.Distinct(StringComparer.Ordinal).ToArray();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(accounts.Count, MaxNamedAccounts, nameof(accounts));
        var named = accounts;
        var calls = MasterIndexes
            .Select(i => AskAsync(peers.MasterName(i), () => peers.DigestsOfAsync(i, named)))
            .Append(Task.FromResult<(string, ReplicaInventory?)>((peers.ReaderName, null)))
            .ToArray();
        var answers = await Task.WhenAll(calls);
        return LineUp(answers, new SortedSet<string>(accounts, StringComparer.Ordinal), next: null);
    }

    /// <summary>
    /// What the replicas' range summaries (<see cref="DigestRanges"/>) say: which ranges differ
    /// between the three masters, or between them and the reader when it serves, and how many
    /// accounts each range holds on the masters.
    /// </summary>
    public sealed record SummaryComparison(
        IReadOnlyList<ReplicaObservation> Replicas,
        IReadOnlyList<string> Differing,
        IReadOnlyDictionary<string, long> Counts)
    {
        /// <summary>Whether the reader answered and has finished its catch-up.</summary>
        public bool ReaderServes => Replicas[3] is { Reachable: true, Ready: true };

        /// <summary>Replicas that did not answer or are still catching up (only the reader can be one here).</summary>
        public IReadOnlyList<string> NotServing => Replicas.Where(r => !r.Reachable || !r.Ready).Select(r => r.Replica).ToArray();

        /// <summary>Replicas that answered but are still catching up.</summary>
        public IReadOnlyList<string> CatchingUp => Replicas.Where(r => r.Reachable && !r.Ready).Select(r => r.Replica).ToArray();

        /// <summary>
        /// The page size that reads <paramref name="range"/> in one call: the most accounts a master
        /// holds in it and one more (the first key past the range, which ends it), at least
        /// <see cref="MinRangePage"/> and at most <paramref name="pageSize"/>. A full page of
        /// <paramref name="pageSize"/> for a range of a few accounts would have every replica digest
        /// and send the thousands of accounts after it, only for the survey to drop them.
        /// </summary>
        public int PageFor(string range, int pageSize) =>
            (int)Math.Min(Math.Max(Counts.GetValueOrDefault(range) + 1, MinRangePage), pageSize);

        /// <summary>The accounts of the ranges from <paramref name="range"/> (inclusive, ordinal) on which every replica compared agrees.</summary>
        public long AgreeingFrom(string range) =>
            Counts.Where(c => string.CompareOrdinal(c.Key, range) >= 0 && !Differing.Contains(c.Key, StringComparer.Ordinal)).Sum(c => c.Value);
    }

    /// <summary>
    /// Compares the range summaries of the three masters and the reader: one call each, however
    /// many accounts there are. Null when a master did not answer or is still catching up (only
    /// pages can then say which accounts differ, and name the master); a reader that does not
    /// serve is left out of the comparison and shows as not serving.
    /// </summary>
    public async Task<SummaryComparison?> CompareSummariesAsync()
    {
        var calls = MasterIndexes
            .Select(i => AskSummaryAsync(peers.MasterName(i), () => peers.MasterSummaryAsync(i)))
            .Append(AskSummaryAsync(peers.ReaderName, peers.ReaderSummaryAsync))
            .ToArray();
        var answers = await Task.WhenAll(calls);
        if (answers.Take(MasterIndexes.Length).Any(a => a.Summary is not { Ready: true }))
        {
            return null;
        }

        var replicas = answers.Select(a => new ReplicaObservation(a.Name, a.Summary is not null, a.Summary?.Ready ?? false, null)).ToArray();
        var compared = answers.Where((a, i) => i < MasterIndexes.Length || a.Summary is { Ready: true })
            .Select(a => a.Summary!.Ranges.ToDictionary(r => r.Range, StringComparer.Ordinal))
            .ToArray();
        var ranges = new SortedSet<string>(compared.SelectMany(c => c.Keys), StringComparer.Ordinal);
        var differing = ranges.Where(range => compared.Select(c => c.GetValueOrDefault(range)).Distinct().Count() > 1).ToArray();
        var counts = ranges.ToDictionary(
            range => range, range => compared.Take(MasterIndexes.Length).Max(c => c.GetValueOrDefault(range)?.Count ?? 0), StringComparer.Ordinal);
        return new SummaryComparison(replicas, differing, counts);
    }

    /// <summary>
    /// One page of the accounts of <paramref name="range"/>, from <paramref name="from"/>
    /// (inclusive; the range's name for its first page), as <see cref="CollectAsync"/> lines
    /// them up; <see cref="Result.Next"/> is null once the range is read.
    /// </summary>
    public async Task<Result> CollectRangeAsync(string range, string from, int limit)
    {
        ArgumentNullException.ThrowIfNull(range);
        var page = await CollectAsync(from, limit);
        var inRange = page.Accounts.Where(a => DigestRanges.Holds(range, a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var passedTheRange = inRange.Count < page.Accounts.Count;
        return page with { Accounts = inRange, Next = passedTheRange ? null : page.Next };
    }

    private async Task<(string Name, ReplicaSummary? Summary)> AskSummaryAsync(string name, Func<Task<ReplicaSummary>> call)
    {
        try
        {
            return (name, await call().WaitAsync(callTimeout, time));
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            return (name, null);
        }
    }

    // One line per account: each replica's observation, with its digest of that account if it holds one.
    private static Result LineUp((string Name, ReplicaInventory? Inventory)[] answers, IEnumerable<string> accounts, string? next)
    {
        var byReplica = answers
            .Select(a => a.Inventory?.Accounts.ToDictionary(d => d.Account, StringComparer.Ordinal))
            .ToArray();
        var replicas = answers.Select(a => new ReplicaObservation(a.Name, a.Inventory is not null, a.Inventory?.Ready ?? false, null)).ToArray();
        var lines = new Dictionary<string, IReadOnlyList<ReplicaObservation>>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            lines[account] = replicas
                .Select((r, i) => r with { Digest = byReplica[i] is { } d && d.TryGetValue(account, out var digest) ? digest : null })
                .ToArray();
        }

        return new Result(replicas, lines, next);
    }

    /// <summary>Whether the reader serves <paramref name="account"/> (it is compared there).</summary>
    public bool ReaderHolds(string account) => peers.ReaderHolds(account);

    /// <summary>
    /// Whether two intact masters that differ on the account also differ on a row both hold as
    /// chosen: the row just below the lower of their two versions (rows below a replica's newest
    /// one are always chosen).
    /// </summary>
    public async Task<bool> ChosenHistoryConflictAsync(string account, IReadOnlyList<ReplicaObservation> masters)
    {
        ArgumentNullException.ThrowIfNull(masters);
        var trusted = masters
            .Select((m, i) => (Index: i + 1, m.Reachable, Digest: m.Digest))
            .Where(m => m.Reachable && (m.Digest?.Intact ?? true))
            .ToArray();
        if (trusted.Length != 2)
        {
            return false;
        }

        var below = Math.Min(trusted[0].Digest?.Version ?? 0, trusted[1].Digest?.Version ?? 0) - 1;
        if (below < 1)
        {
            return false;
        }

        try
        {
            var rows = await Task.WhenAll(trusted.Select(t =>
                peers.ReadEntriesAsync(t.Index, account, below - 1, 1).WaitAsync(callTimeout, time)));
            return rows[0].Count == 1 && rows[1].Count == 1 && rows[0][0].Hash != rows[1][0].Hash;
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            return false;
        }
    }

    private async Task<(string Name, ReplicaInventory? Inventory)> AskAsync(string name, Func<Task<ReplicaInventory>> call)
    {
        try
        {
            return (name, await call().WaitAsync(callTimeout, time));
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            return (name, null);
        }
    }
}
