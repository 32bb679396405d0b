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

    /// <summary>
    /// How many customer writes the leader runs at once; the others wait their turn
    /// (<see cref="Accounts.WriteAdmission"/>). Default 256: on the 2-core machine of
    /// docs/benchmarks.md, 1,024 concurrent writers got about 15% more transfers/s through with it
    /// than without. 0 means no bound.
    /// </summary>
    public int MaxWritesInFlight { get; set; } = 256;
}
