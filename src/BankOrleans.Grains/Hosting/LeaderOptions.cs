namespace BankOrleans.Grains.Hosting;

/// <summary>The write leader's settings, bound from the <c>Bank:Leader</c> configuration section.</summary>
public sealed class LeaderOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Leader";

    /// <summary>
    /// How many accounts the leader keeps prepared (ballot and last state, about 300 bytes of heap
    /// each) so that their next write needs only the accept round; the oldest are forgotten first
    /// and prepared again on their next write. Default 1,200,000: with fewer than the bank's
    /// accounts, most writes prepare again (at a million accounts and 250,000, half the throughput
    /// at twice the CPU per transfer).
    /// </summary>
    public int PreparedCapacity { get; set; } = 1_200_000;

    /// <summary>
    /// The most accounts one lease vote and prepare carries for writes that are not prepared and
    /// arrive together (opening many accounts at once): they share one vote and one prepare
    /// instead of running one each. 0 runs each write's vote and prepare on its own. Default 256.
    /// </summary>
    public int SharedRoundAccounts { get; set; } = 256;
}
