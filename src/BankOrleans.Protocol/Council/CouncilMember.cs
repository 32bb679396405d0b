using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Council;

/// <summary>
/// One member of the lock council (ARCHITECTURE §3.1): grants leases on accounts and issues
/// ballots that only grow. The host persists <see cref="Epoch"/> before the member issues a
/// ballot in it (see <see cref="EpochNeededFor"/>), so a restarted member never reuses one.
/// Not thread-safe: a grain turn or the simulator serialises calls.
/// </summary>
public sealed class CouncilMember
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _leaseDuration;
    private readonly DateTimeOffset _quietUntil;
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private long _counter;

    /// <summary>Creates a member that has just been (re)started with a durably bumped epoch (1 on its first activation).</summary>
    /// <param name="member">The member's index, 1..3.</param>
    /// <param name="epoch">The epoch just persisted for this activation.</param>
    /// <param name="time">The clock leases are measured with.</param>
    /// <param name="leaseDuration">How long a grant lasts unless renewed.</param>
    public CouncilMember(int member, long epoch, TimeProvider time, TimeSpan leaseDuration)
    {
        Member = member;
        Epoch = epoch;
        _time = time;
        _leaseDuration = leaseDuration;
        // Restart rule: wait one lease period, so no lease granted before the restart is granted twice.
        // Epoch 1 is the member's first activation ever: it cannot have granted anything before.
        _quietUntil = epoch > 1 ? time.GetUtcNow() + leaseDuration : time.GetUtcNow();
    }

    /// <summary>The member's index, 1..3.</summary>
    public int Member { get; }

    /// <summary>The epoch ballots are currently issued in; the host has persisted it.</summary>
    public long Epoch { get; private set; }

    /// <summary>
    /// The epoch that must be persisted before a ballot above <paramref name="above"/> can be issued,
    /// or null when the current epoch suffices.
    /// </summary>
    public long? EpochNeededFor(Ballot? above) => above is { } a && a.Epoch > Epoch ? a.Epoch : null;

    /// <summary>Moves to an epoch the host has just persisted.</summary>
    public void AdvanceEpoch(long persistedEpoch)
    {
        if (persistedEpoch > Epoch)
        {
            Epoch = persistedEpoch;
            _counter = 0;
        }
    }

    /// <summary>
    /// Votes on a lease. Grants iff the member is out of its quiet period and every account is
    /// free, expired, or already held by the same coordinator; every grant carries a new ballot
    /// above every ballot this member issued and above <see cref="LeaseRequest.Above"/>.
    /// </summary>
    public LeaseReply Request(LeaseRequest request)
    {
        var now = _time.GetUtcNow();
        if (now < _quietUntil)
        {
            return new LeaseReply(false, Ballot.Zero, _quietUntil, null);
        }

        foreach (var account in request.Accounts)
        {
            if (_leases.TryGetValue(account, out var lease) && lease.ExpiresAt > now && lease.Holder != request.Coordinator)
            {
                return new LeaseReply(false, Ballot.Zero, lease.ExpiresAt, lease.Holder);
            }
        }

        if (EpochNeededFor(request.Above) is not null)
        {
            throw new InvalidOperationException("the host must persist the epoch returned by EpochNeededFor before granting");
        }

        // Every grant carries a fresh ballot, even for the holder: a coordinator must never
        // propose twice for one version under the same ballot.
        var expires = now + _leaseDuration;
        var ballot = NextBallot(request.Above);
        foreach (var account in request.Accounts)
        {
            _leases[account] = new Lease(request.Coordinator, expires, ballot);
        }

        if (_leases.Count > 4096)
        {
            Prune(now);
        }

        return new LeaseReply(true, ballot, expires, request.Coordinator);
    }

    /// <summary>Releases the coordinator's leases on the accounts; others' leases are untouched.</summary>
    public void Release(string coordinator, IReadOnlyList<string> accounts)
    {
        foreach (var account in accounts)
        {
            if (_leases.TryGetValue(account, out var lease) && lease.Holder == coordinator)
            {
                _leases.Remove(account);
            }
        }
    }

    private Ballot NextBallot(Ballot? above)
    {
        _counter = above is { } a && a.Epoch == Epoch ? Math.Max(_counter, a.Counter) + 1 : _counter + 1;
        return new Ballot(Epoch, _counter, Member);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _leases.Where(kv => kv.Value.ExpiresAt <= now).Select(kv => kv.Key).ToArray())
        {
            _leases.Remove(key);
        }
    }

    private readonly record struct Lease(string Holder, DateTimeOffset ExpiresAt, Ballot Ballot);
}
