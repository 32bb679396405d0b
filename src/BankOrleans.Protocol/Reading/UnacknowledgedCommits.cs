using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// What this master silo's coordinators committed and fed to the reader that the reader has not
/// acknowledged yet (feed rule, docs/protocol.md rule 12): the one-way feed may lose any of it, so
/// each stays here until a poll of the reader's heartbeat (<c>IReaderFeedGrain</c>,
/// <see cref="ReaderFeedPoller"/>) takes it and a later poll acknowledges it. A user commit
/// (registration, logout) is kept whole; an account commit only as a <see cref="CommitMark"/>,
/// which the reader checks against its copy and fills from the masters' chosen history when the
/// feed lost it. For each object only its newest is kept (holding a version means holding the
/// ones before it), so memory is bounded by the number of objects even while the reader is away.
/// Lost with the silo: the anti-entropy pass repairs what a dead coordinator's feed left behind.
/// While the reader is away the marks are capped (<see cref="DefaultMarkCapacity"/>): past the cap
/// they are dropped and the feed starts a new <see cref="Incarnation"/>, which the reader's
/// restart rule treats as a restart (a catch-up pass before it counts this silo heard). User
/// commits are never dropped. Thread-safe; recording is O(1) (a drop is O(marks), once per cap).
/// </summary>
/// <param name="markCapacity">How many account marks may wait for the reader before they are dropped.</param>
public sealed class UnacknowledgedCommits(int markCapacity = UnacknowledgedCommits.DefaultMarkCapacity)
{
    /// <summary>The default cap on waiting account marks: about 30 MB, a minute of writes at 3,000 transfers/s.</summary>
    public const int DefaultMarkCapacity = 200_000;

    private readonly Lock _gate = new();
    private readonly int _markCapacity = markCapacity > 0
        ? markCapacity
        : throw new ArgumentOutOfRangeException(nameof(markCapacity), markCapacity, "the cap must be positive");
    private int _marks;

    // Oldest first: an entry recorded again moves to the end with a new sequence number, so the
    // list stays in sequence order and acknowledging pops from the front.
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byObject = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>
    /// This life of the silo's feed: a restarted silo's sequence numbers start again, and a feed
    /// that dropped marks starts a new one.
    /// </summary>
    public string Incarnation
    {
        get
        {
            lock (_gate)
            {
                return _incarnation;
            }
        }
    }

    private string _incarnation = NewIncarnation();

    /// <summary>
    /// Keeps one committed operation's rows until the reader acknowledges them: a user object's
    /// rows whole, an account's newest version as a mark. Called before the operation is answered.
    /// </summary>
    public void Record(IReadOnlyList<LedgerEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        if (ObjectKeys.IsUser(rows[0].Account))
        {
            Keep(rows[0].Account, rows[0].Version, new CommittedRows(rows[0].TxId, rows), null);
            return;
        }

        foreach (var row in rows)
        {
            Keep(row.Account, row.Version, null, new CommitMark(row.Account, row.Version, row.Hash));
        }
    }

    /// <summary>
    /// Forgets what the reader now holds — every entry up to <paramref name="acknowledgedThrough"/>
    /// of an earlier answer of <paramref name="incarnation"/> (an answer of an earlier life of the
    /// silo acknowledges nothing) — then answers with the oldest of those still unacknowledged,
    /// at most <paramref name="limit"/>.
    /// </summary>
    public UserCommitsPage Poll(string incarnation, long acknowledgedThrough, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            if (incarnation == _incarnation)
            {
                while (_order.First is { } first && first.Value.Sequence <= acknowledgedThrough)
                {
                    Forget(first);
                }
            }

            var commits = new List<CommittedRows>();
            var marks = new List<CommitMark>();
            var through = _sequence;
            var taken = 0;
            for (var node = _order.First; node is not null && taken < limit; node = node.Next, taken++)
            {
                if (node.Value.Commit is { } commit)
                {
                    commits.Add(commit);
                }
                else
                {
                    marks.Add(node.Value.Mark!);
                }

                through = node.Value.Sequence;
            }

            return new UserCommitsPage(_incarnation, through, commits, taken == _order.Count, marks);
        }
    }

    private void Keep(string key, long version, CommittedRows? commit, CommitMark? mark)
    {
        lock (_gate)
        {
            if (_byObject.TryGetValue(key, out var node))
            {
                if (node.Value.Version >= version)
                {
                    return;
                }

                _order.Remove(node);
                node.Value = new Entry(key, ++_sequence, version, commit, mark);
                _order.AddLast(node);
                return;
            }

            _byObject[key] = _order.AddLast(new Entry(key, ++_sequence, version, commit, mark));
            if (mark is not null && ++_marks > _markCapacity)
            {
                DropMarks();
            }
        }
    }

    // Cap rule: the reader has been away for a cap's worth of writes. Holding on would grow with
    // the accounts; a new life makes the reader catch up from the masters instead.
    private void DropMarks()
    {
        for (var node = _order.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Mark is not null)
            {
                Forget(node);
            }

            node = next;
        }

        _incarnation = NewIncarnation();
    }

    private void Forget(LinkedListNode<Entry> node)
    {
        _byObject.Remove(node.Value.Key);
        _order.Remove(node);
        if (node.Value.Mark is not null)
        {
            _marks--;
        }
    }

    private static string NewIncarnation() => Guid.NewGuid().ToString("N");

    private sealed record Entry(string Key, long Sequence, long Version, CommittedRows? Commit, CommitMark? Mark);
}
