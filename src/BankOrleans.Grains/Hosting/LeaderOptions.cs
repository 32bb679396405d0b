namespace BankOrleans.Grains.Hosting;

/// <summary>The write leader's settings, bound from the <c>Bank:Leader</c> configuration section.</summary>
public sealed class LeaderOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Leader";

    /// <summary>
    /// How many accounts the leader keeps prepared (ballot and last state, a few hundred bytes
    /// each) so that their next write needs only the accept round; the oldest are forgotten first
    /// and prepared again on their next write. Default 250,000 (about 100 MB).
    /// </summary>
    public int PreparedCapacity { get; set; } = 250_000;
}
