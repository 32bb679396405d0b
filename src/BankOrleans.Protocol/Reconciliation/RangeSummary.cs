using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// A replica's range summaries (<see cref="DigestRanges"/>), kept up to date one account change
/// at a time: the count and hash sum of a range change by what one write replaced, so keeping
/// them costs two hashes per account written, whatever the number of accounts. Only opened
/// accounts count (a promise-only row at version 0 is in no inventory). Not thread-safe.
/// </summary>
public sealed class RangeSummary
{
    private readonly Dictionary<string, (long Count, ulong Sum)> _ranges = new(StringComparer.Ordinal);

    /// <summary>The summary of <paramref name="states"/>, computed whole.</summary>
    public static RangeSummary Of(IEnumerable<AccountState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var summary = new RangeSummary();
        foreach (var state in states)
        {
            summary.Replace(null, state);
        }

        return summary;
    }

    /// <summary>Accounts for one account changing from <paramref name="before"/> (null: no row) to <paramref name="after"/>.</summary>
    public void Replace(AccountState? before, AccountState after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is { Exists: true })
        {
            Add(before.Account, -1, unchecked(0UL - DigestRanges.Hash(before)));
        }

        if (after.Exists)
        {
            Add(after.Account, 1, DigestRanges.Hash(after));
        }
    }

    /// <summary>Every range that holds an opened account, ordered by range (ordinal).</summary>
    public IReadOnlyList<RangeDigest> Ranges() =>
        _ranges.Where(r => r.Value.Count > 0)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RangeDigest(r.Key, r.Value.Count, r.Value.Sum))
            .ToArray();

    private void Add(string account, long count, ulong sum)
    {
        var range = DigestRanges.Of(account);
        var (c, s) = _ranges.GetValueOrDefault(range);
        c += count;
        s = unchecked(s + sum);
        if (c == 0 && s == 0)
        {
            _ranges.Remove(range);
        }
        else
        {
            _ranges[range] = (c, s);
        }
    }
}
