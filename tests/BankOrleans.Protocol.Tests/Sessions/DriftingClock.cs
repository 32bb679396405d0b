namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>A silo's monotonic clock in the session-lease simulation: real time (µs) at a fixed rate, from an offset.</summary>
internal sealed class DriftingClock(Func<long> realMicros, double rate, long offset) : TimeProvider
{
    public double Rate { get; } = rate;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => offset + (long)Math.Floor(realMicros() * Rate);

    /// <summary>The real time at which this clock will have advanced <paramref name="local"/> from real time <paramref name="from"/>.</summary>
    public long RealAfter(long from, TimeSpan local) => from + (long)Math.Ceiling(local.Ticks / 10.0 / Rate) + 1;
}
