namespace BankOrleans.Grains.Hosting;

/// <summary>The write leader's settings, bound from the <c>Bank:Leader</c> configuration section.</summary>
public sealed class LeaderOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Leader";

    /// <summary>The largest <see cref="SharedRoundAccounts"/>: keeps a batched prepare's reply within the message limit (<see cref="MessageSizeLimits"/>).</summary>
    public const int MaxSharedRoundAccounts = 1_024;

    /// <summary>
    /// How many accounts the leader keeps prepared (ballot and last state, about 300 bytes of heap
    /// each) so that their next write needs only the accept round; the oldest are forgotten first
    /// and prepared again on their next write. Default 1,200,000: with fewer than the bank's
    /// accounts, most writes prepare again (at a million accounts and 250,000, half the throughput
    /// at twice the CPU per transfer).
    /// </summary>
    public int PreparedCapacity { get; set; } = 1_200_000;

    /// <summary>
    /// The most accounts one shared lease vote and prepare covers: the first touches of accounts
    /// that start while one is in flight (opening and funding, the first writes after a new leader)
    /// share the next (<c>SharedRounds</c>). Default 256; 0 gives every write a round of its own;
    /// at most <see cref="MaxSharedRoundAccounts"/>.
    /// </summary>
    public int SharedRoundAccounts { get; set; } = 256;
}
