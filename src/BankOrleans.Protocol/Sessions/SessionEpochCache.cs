namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// One silo's session leases (<see cref="SessionEpochLease"/>): per user, the highest session
/// epoch a majority read returned and when the read that returned it began. Thread-safe.
/// </summary>
/// <remarks>
/// Epochs only grow, so a claim below any epoch ever read is refused without a read, lease or no
/// lease; a claim equal to a leased epoch is accepted while the lease holds; anything else (no
/// lease, a run-out lease, a claim above the lease: a login since) needs a majority read.
/// </remarks>
public sealed class SessionEpochCache(SessionEpochLease rule, TimeProvider time)
{
    // Run-out entries are dropped when the map has grown by this many since the last sweep.
    private const int SweepEvery = 4_096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _sweepAt = SweepEvery;

    /// <summary>The rule the leases follow.</summary>
    public SessionEpochLease Rule { get; } = rule;

    /// <summary>The users that have an entry (leased or only known to have reached an epoch).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A timestamp for <see cref="Observe"/>: take it before the majority read is sent.</summary>
    public long ReadBegins() => time.GetTimestamp();

    /// <summary>What the leases say about a session of <paramref name="user"/> at <paramref name="claimedEpoch"/>.</summary>
    public SessionLeaseVerdict Check(string user, long claimedEpoch)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(user, out var entry))
            {
                return SessionLeaseVerdict.ReadNeeded;
            }

            if (claimedEpoch < entry.Epoch)
            {
                return SessionLeaseVerdict.Ended;
            }

            return claimedEpoch == entry.Epoch && Rule.Holds(time.GetElapsedTime(entry.ReadBegan))
                ? SessionLeaseVerdict.Current
                : SessionLeaseVerdict.ReadNeeded;
        }
    }

    /// <summary>
    /// Records that a majority read of <paramref name="user"/>'s epoch, begun at
    /// <paramref name="readBegan"/> (<see cref="ReadBegins"/>), returned <paramref name="epoch"/>.
    /// A lower epoch than one already known changes nothing; the same epoch keeps the later start.
    /// </summary>
    public void Observe(string user, long epoch, long readBegan)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        lock (_gate)
        {
            if (_entries.TryGetValue(user, out var known) && (epoch < known.Epoch || (epoch == known.Epoch && readBegan <= known.ReadBegan)))
            {
                return;
            }

            _entries[user] = new Entry(epoch, readBegan);
            if (_entries.Count >= _sweepAt)
            {
                Sweep();
            }
        }
    }

    // Drops entries whose lease ran out; they only save a read for a session that already ended.
    private void Sweep()
    {
        foreach (var (user, entry) in _entries)
        {
            if (!Rule.Holds(time.GetElapsedTime(entry.ReadBegan)))
            {
                _entries.Remove(user);
            }
        }

        _sweepAt = _entries.Count + SweepEvery;
    }

    private readonly record struct Entry(long Epoch, long ReadBegan);
}
