using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// This master silo's user commits (registrations, logouts) that the reader has not acknowledged
/// yet: the one-way feed may lose one, so each stays here until a poll of the reader's heartbeat
/// (<c>IReaderFeedGrain</c>, <see cref="ReaderFeedPoller"/>) takes it and a later poll acknowledges it. For each user only
/// its newest commit is kept (the reader fills older rows from the masters' chosen history), so
/// memory is bounded by the number of users even while the reader is away. Lost with the silo:
/// the anti-entropy pass repairs what a dead coordinator's reader feed left behind.
/// </summary>
public sealed class UnacknowledgedUserCommits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Sequence, CommittedRows Commit)> _pending = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>This life of the silo's feed: a restarted silo's sequence numbers start again.</summary>
    public string Incarnation { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Keeps a committed operation on a user object until the reader acknowledges it; ignores anything else.</summary>
    public void Record(IReadOnlyList<LedgerEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || !ObjectKeys.IsUser(rows[0].Account))
        {
            return;
        }

        var commit = new CommittedRows(rows[0].TxId, rows);
        lock (_gate)
        {
            if (!_pending.TryGetValue(rows[0].Account, out var kept) || kept.Commit.Rows[0].Version < rows[0].Version)
            {
                _pending[rows[0].Account] = (++_sequence, commit);
            }
        }
    }

    /// <summary>
    /// Forgets the commits the reader now holds — every one up to <paramref name="acknowledgedThrough"/>
    /// of an earlier answer of <paramref name="incarnation"/> (an answer of an earlier life of the
    /// silo acknowledges nothing) — then answers with the oldest of those still unacknowledged,
    /// at most <paramref name="limit"/>.
    /// </summary>
    public UserCommitsPage Poll(string incarnation, long acknowledgedThrough, int limit)
    {
        lock (_gate)
        {
            if (incarnation == Incarnation)
            {
                foreach (var key in _pending.Where(p => p.Value.Sequence <= acknowledgedThrough).Select(p => p.Key).ToArray())
                {
                    _pending.Remove(key);
                }
            }

            var page = _pending.Values.OrderBy(p => p.Sequence).Take(limit).ToArray();
            var through = page.Length == 0 ? _sequence : page[^1].Sequence;
            return new UserCommitsPage(Incarnation, through, page.Select(p => p.Commit).ToArray(), page.Length == _pending.Count);
        }
    }
}
