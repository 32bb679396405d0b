namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// The session-lease rule (docs/protocol.md, "Session checks"): a user's session epoch read from a
/// majority of replicas may stand in for a fresh majority read for <see cref="Duration"/> after the
/// read <em>began</em>, on the reading silo's clock; and a logout answers its caller only
/// <see cref="LogoutWait"/> after it was chosen, on the logging-out silo's clock. Every lease taken
/// on an epoch older than the logout began before the logout was chosen (a majority read that
/// begins later sees it), so when the logout answers, every such lease has run out, and no check
/// that begins after the answer accepts a session the logout ended.
/// </summary>
/// <remarks>
/// The only timing assumption is on clock rates, not clock values: two silos' monotonic clocks may
/// run at rates that differ from real time by at most <see cref="MaxClockRateDrift"/> (1 %, twenty
/// times NTP's slew limit). Money never depends on it: a write still needs its ballots; what the
/// rule bounds is how long an ended session may still be used, exactly as a majority read per
/// check would, once the logout has answered.
/// </remarks>
public sealed record SessionEpochLease
{
    /// <summary>The rate drift, either way, between any silo's monotonic clock and real time.</summary>
    public const double MaxClockRateDrift = 0.01;

    /// <summary>The longest lease a silo accepts: a logout waits this long (and a little more).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(10);

    /// <summary>Creates the rule; <paramref name="duration"/> zero turns leases off (every check reads a majority).</summary>
    public SessionEpochLease(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero || duration > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"a session lease lasts between 0 and {MaxDuration.TotalSeconds} s");
        }

        Duration = duration;
    }

    /// <summary>How long, on the reading silo's clock, an epoch read stands in for a majority read.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Whether checks may use leases at all.</summary>
    public bool Enabled => Duration > TimeSpan.Zero;

    /// <summary>
    /// How long a chosen logout waits before it answers: <see cref="Duration"/> as a clock that runs
    /// slow by the most drift measures it, on a clock that runs fast by the most drift.
    /// </summary>
    public TimeSpan LogoutWait => Enabled
        ? TimeSpan.FromTicks((long)Math.Ceiling(Duration.Ticks * (1 + MaxClockRateDrift) / (1 - MaxClockRateDrift)))
        : TimeSpan.Zero;

    /// <summary>
    /// Waits <see cref="LogoutWait"/> as <paramref name="time"/>'s monotonic clock measures it.
    /// A timer may fire a little early by that clock (by a millisecond and more on Linux), so it
    /// waits again for whatever is left.
    /// </summary>
    public async Task WaitOutLeasesAsync(TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        for (var left = LogoutWait; left > TimeSpan.Zero; left = LogoutWait - time.GetElapsedTime(started))
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a lease taken by a read that began <paramref name="sinceReadBegan"/> ago still holds.</summary>
    public bool Holds(TimeSpan sinceReadBegan) => Enabled && sinceReadBegan >= TimeSpan.Zero && sinceReadBegan < Duration;
}
