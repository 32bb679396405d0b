namespace BankOrleans.Bench.Measurement;

/// <summary>
/// A silo process's peak resident memory (VmHWM) since it started; null if it could not be read.
/// With the resident memory it had before the bench funded its accounts and right after, it also
/// says how much the silo grew per account funded: at its peak (which may come later, e.g. while
/// the bench reads every balance back through one gateway) and as it stood once funding ended,
/// on a fresh cluster what the silo keeps per account.
/// </summary>
public sealed record SiloMemory(
    string Name, int Pid, long? PeakRssKilobytes, long? RssBeforeFundingKilobytes = null, int AccountsFunded = 0, long? RssAfterFundingKilobytes = null)
{
    /// <summary>The peak in MiB, rounded to one decimal.</summary>
    public double? PeakRssMegabytes => PeakRssKilobytes is { } kb ? Math.Round(kb / 1024.0, 1) : null;

    /// <summary>(peak − resident before funding) ÷ accounts funded, in bytes; null when a figure is missing.</summary>
    public long? GrowthBytesPerAccount => PerAccountAboveBeforeFunding(PeakRssKilobytes);

    /// <summary>(resident right after funding − resident before funding) ÷ accounts funded, in bytes; null when a figure is missing.</summary>
    public long? KeptBytesPerAccount => PerAccountAboveBeforeFunding(RssAfterFundingKilobytes);

    private long? PerAccountAboveBeforeFunding(long? kilobytes) =>
        kilobytes is { } rss && RssBeforeFundingKilobytes is { } before && AccountsFunded > 0
            ? Math.Max(0, rss - before) * 1024 / AccountsFunded
            : null;
}
