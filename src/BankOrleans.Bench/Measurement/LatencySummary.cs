using HdrHistogram;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// The latency figures of a run, from an HdrHistogram recorded in microseconds (3 significant
/// digits): count, mean, p50, p99, p99.9 and max, in milliseconds.
/// </summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>The longest latency a histogram records: 10 minutes, in microseconds.</summary>
    public const long HighestTrackableMicroseconds = 600_000_000;

    /// <summary>No samples.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>A new histogram with microsecond resolution, as every run records.</summary>
    public static LongHistogram NewHistogram() => new(1, HighestTrackableMicroseconds, 3);

    /// <summary>Summarises <paramref name="histogram"/> (values in microseconds).</summary>
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            histogram.TotalCount,
            Math.Round(histogram.GetMean() / 1000.0, 3),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()));
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
