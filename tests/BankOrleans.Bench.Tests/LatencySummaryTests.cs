using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Empty_histogram_summarises_to_zeros()
    {
        Assert.Equal(LatencySummary.Empty, LatencySummary.From(LatencySummary.NewHistogram()));
    }

    [Fact]
    public void Percentiles_are_in_milliseconds_from_microsecond_samples()
    {
        var histogram = LatencySummary.NewHistogram();
        // 1..1000 ms in 1 ms steps, recorded in µs.
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.RecordValue(ms * 1000L);
        }

        var summary = LatencySummary.From(histogram);

        Assert.Equal(1000, summary.Count);
        // HdrHistogram with 3 significant digits: values are exact to 0.1 %.
        Assert.InRange(summary.P50Ms, 499.5, 500.5);
        Assert.InRange(summary.P99Ms, 989.5, 990.5);
        Assert.InRange(summary.P999Ms, 998.5, 999.5);
        Assert.InRange(summary.MaxMs, 999.5, 1000.5);
        Assert.InRange(summary.MeanMs, 500.0, 501.0);
    }

    [Fact]
    public void Microsecond_resolution_is_kept_for_fast_operations()
    {
        var histogram = LatencySummary.NewHistogram();
        histogram.RecordValue(250);
        histogram.RecordValue(250);
        histogram.RecordValue(750);

        var summary = LatencySummary.From(histogram);

        Assert.Equal(0.25, summary.P50Ms);
        Assert.Equal(0.75, summary.MaxMs);
    }
}
