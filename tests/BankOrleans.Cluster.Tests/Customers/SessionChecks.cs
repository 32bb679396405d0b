using System.Diagnostics.Metrics;
using BankOrleans.Grains.Diagnostics;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>
/// Counts the silos' <c>bank.session.checks</c> measurements by what decided them (the test
/// cluster's silos run in this process, and this assembly runs one test at a time).
/// </summary>
public sealed class SessionChecks : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _byLease;
    private long _byMajority;

    public SessionChecks()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BankMetrics.MeterName && instrument.Name == "bank.session.checks")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "by")
                {
                    Interlocked.Add(ref tag.Value is "lease" ? ref _byLease : ref _byMajority, value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Checks a session lease decided.</summary>
    public long ByLease => Interlocked.Read(ref _byLease);

    /// <summary>Checks that read the epoch from a majority.</summary>
    public long ByMajority => Interlocked.Read(ref _byMajority);

    public void Dispose() => _listener.Dispose();
}
