namespace BankOrleans.Grains.Hosting;

/// <summary>
/// Catch-up after a start and the anti-entropy pass (ARCHITECTURE §3.5, §4), bound from the
/// <c>Bank:Recovery</c> configuration section.
/// </summary>
public sealed class RecoveryOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Recovery";

    /// <summary>
    /// How long a restarted master tries to catch up before it starts voting anyway (the write
    /// path's own completion repairs whatever is still behind). Default 60 s.
    /// </summary>
    public TimeSpan MasterCatchUpDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one inventory or history read of a peer replica may take before it counts as silent. Default 2 s.</summary>
    public TimeSpan PeerCallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time between two anti-entropy passes; zero turns the timer off (passes then run only on request). Default 10 s.</summary>
    public TimeSpan AntiEntropyPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accounts per inventory page: an anti-entropy pass compares the next pages for up to about a
    /// second (so a large bank is swept over several periods), and the catch-ups and
    /// <c>admin verify</c> read every page. A page must be digested within
    /// <see cref="PeerCallTimeout"/> on a busy master: at a million accounts 10,000 took over a
    /// second. Default 2,500; at most 50,000.
    /// </summary>
    public int InventoryPageSize { get; set; } = 2_500;

    /// <summary>
    /// Inventory pages one <c>admin verify</c> call compares before it answers with where to go on
    /// (the client calls again), so that each call stays well within the client's response timeout.
    /// Default 4 (10,000 accounts at the default page size).
    /// </summary>
    public int VerifyPagesPerCall { get; set; } = 4;

    /// <summary>
    /// How long the reader waits for a version a client has already seen (read-your-writes) before
    /// answering "unavailable", which makes the client fall back to the masters. Default 500 ms.
    /// </summary>
    public TimeSpan ReadYourWritesWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often each master sends the reader a heartbeat on the feed path, carrying the user
    /// commits (registrations, logouts) of that master that the reader has not acknowledged yet.
    /// Default 5 s: a logout that the one-way feed lost reaches the reader within one period.
    /// </summary>
    public TimeSpan ReaderHeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The reader's staleness bound: it answers queries only while it has heard from the masters
    /// (a heartbeat, or its catch-up) within this time, from every master the membership shows
    /// active. Past it, queries answer "unavailable" and clients read from the masters. It bounds
    /// how long a logged-out session may still read on the reader. Default 30 s: six heartbeat
    /// periods, so that a few lost heartbeats, a busy reader or a master that is being declared
    /// dead (up to about 11 s) never stop a healthy reader, while a logout ends reads everywhere
    /// within half a minute — small next to an 8 h session.
    /// </summary>
    public TimeSpan ReaderMaxStaleness { get; set; } = TimeSpan.FromSeconds(30);
}
