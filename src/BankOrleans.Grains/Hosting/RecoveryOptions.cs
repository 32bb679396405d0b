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
}
