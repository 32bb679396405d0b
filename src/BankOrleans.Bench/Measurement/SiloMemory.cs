namespace BankOrleans.Bench.Measurement;

/// <summary>A silo process's peak resident memory (VmHWM) since it started; null if it could not be read.</summary>
public sealed record SiloMemory(string Name, int Pid, long? PeakRssKilobytes)
{
    /// <summary>The peak in MiB, rounded to one decimal.</summary>
    public double? PeakRssMegabytes => PeakRssKilobytes is { } kb ? Math.Round(kb / 1024.0, 1) : null;
}
