namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// One silo's session leases (<see cref="SessionEpochLease"/>): per user, the last majority read of
/// the session epoch (its highest answer and when the read began) and the floor that reads have
/// established. Thread-safe.
/// </summary>
/// <remarks>
/// A claim below the floor has ended for good (a logout on a majority is never undone); a claim
/// equal to the leased epoch is current, and one below it ended, while the lease holds; anything
/// else (no lease, a run-out lease, a claim above the lease: a login since) needs a majority read.
/// The highest answer may be a logout accepted on one replica that reconciliation later drops, so
/// only the lease, which runs out, may act on it.
/// </remarks>
public sealed class SessionEpochCache(SessionEpochLease rule, TimeProvider time)
{
    // Entries whose lease ran out are dropped when the map has grown by this many since the last sweep.
    private const int SweepEvery = 4_096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _sweepAt = SweepEvery;

    /// <summary>The rule the leases follow.</summary>
    public SessionEpochLease Rule { get; } = rule;

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

            if (claimedEpoch < entry.Floor)
            {
                return SessionLeaseVerdict.Ended;
            }

            if (!Rule.Holds(time.GetElapsedTime(entry.ReadBegan)) || claimedEpoch > entry.Leased)
            {
                return SessionLeaseVerdict.ReadNeeded;
            }

            return claimedEpoch == entry.Leased ? SessionLeaseVerdict.Current : SessionLeaseVerdict.Ended;
        }
    }

    /// <summary>
    /// Records that a majority read of <paramref name="user"/>'s epoch, begun at
    /// <paramref name="readBegan"/> (<see cref="ReadBegins"/>), returned <paramref name="epoch"/>.
    /// The newest read gives the lease; the floor only rises. Nothing is kept when leases are off.
    /// </summary>
    public void Observe(string user, UserEpoch epoch, long readBegan)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (!Rule.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            var floor = epoch.Floor;
            if (_entries.TryGetValue(user, out var known))
            {
                floor = Math.Max(floor, known.Floor);
                if (readBegan < known.ReadBegan)
                {
                    // An older read answering late keeps the newer lease.
                    _entries[user] = known with { Floor = floor };
                    return;
                }
            }

            _entries[user] = new Entry(floor, epoch.Highest, readBegan);
            if (_entries.Count >= _sweepAt)
            {
                Sweep();
            }
        }
    }

    // Drops entries whose lease ran out: a floor only saves a read for a session that already ended.
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

    private readonly record struct Entry(long Floor, long Leased, long ReadBegan);
}
