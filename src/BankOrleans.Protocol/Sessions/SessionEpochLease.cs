namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// The session-lease rule (docs/protocol.md, rule 11): a user's session epoch read from a majority
/// of replicas may stand in for a fresh majority read for <see cref="Duration"/> after the read
/// <em>began</em>, on the reading silo's clock; and a logout, once chosen (or possibly chosen),
/// answers its caller only <see cref="LogoutWait"/> later, on the logging-out silo's clock. Every
/// lease taken on an epoch older than the logout began before the logout was chosen (a majority
/// read that begins later sees it), so when the logout answers, every such lease has run out, and
/// no check that begins after the answer accepts a session the logout ended.
/// </summary>
/// <remarks>
/// <see cref="Duration"/> is a constant of the protocol, not a setting: a logout waits out the
/// leases of every silo, so every silo must lease for no longer than every other waits, through
/// any rolling change of configuration. A silo may only take no leases at all
/// (<see cref="Enabled"/> false); it still waits on logout. The one timing assumption is on clock
/// rates, not clock values: any silo's monotonic clock runs at most
/// <see cref="MaxClockRateDrift"/> (1 %, twenty times NTP's slew limit) off real time. Money
/// never depends on it: a write still needs its ballots; what the rule bounds is how long an
/// ended session may still be used once the logout has answered.
/// </remarks>
public sealed record SessionEpochLease(bool Enabled)
{
    /// <summary>The rate drift, either way, between any silo's monotonic clock and real time.</summary>
    public const double MaxClockRateDrift = 0.01;

    /// <summary>How long, on the reading silo's clock, an epoch read stands in for a majority read.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a chosen logout waits before it answers: <see cref="Duration"/> as a clock that runs
    /// slow by the most drift measures it, on a clock that runs fast by the most drift (1.0202 s).
    /// </summary>
    public static readonly TimeSpan LogoutWait =
        TimeSpan.FromTicks((long)Math.Ceiling(Duration.Ticks * (1 + MaxClockRateDrift) / (1 - MaxClockRateDrift)));

    /// <summary>Whether a lease taken by a read that began <paramref name="sinceReadBegan"/> ago still holds.</summary>
    public bool Holds(TimeSpan sinceReadBegan) => Enabled && sinceReadBegan >= TimeSpan.Zero && sinceReadBegan < Duration;

    /// <summary>
    /// Waits <see cref="LogoutWait"/> as <paramref name="time"/>'s monotonic clock measures it.
    /// A timer may fire a little early by that clock (by a millisecond and more on Linux), so it
    /// waits again for whatever is left.
    /// </summary>
    public static async Task WaitOutLeasesAsync(TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        for (var left = LogoutWait; left > TimeSpan.Zero; left = LogoutWait - time.GetElapsedTime(started))
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
