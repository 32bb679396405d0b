using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BankOrleans.Grains.Diagnostics;

namespace BankOrleans.Security.Tests;

/// <summary>
/// Counts the silos' <c>bank.security.refused</c> measurements by interface, as an exporter would
/// (the test cluster's silos run in this process). The only witness of a refused one-way call.
/// </summary>
public sealed class RefusedCalls : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byInterface = new(StringComparer.Ordinal);

    public RefusedCalls()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BankMetrics.MeterName && instrument.Name == "bank.security.refused")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "interface" && tag.Value is string name)
                {
                    _byInterface.AddOrUpdate(name, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Refused calls to <paramref name="grainInterface"/> counted so far.</summary>
    public long Of(Type grainInterface) => Of(grainInterface.FullName!);

    /// <summary>Refused calls counted so far under the tag <paramref name="interfaceTag"/>.</summary>
    public long Of(string interfaceTag) => _byInterface.GetValueOrDefault(interfaceTag);

    /// <summary>Refused calls to any interface counted so far.</summary>
    public long Total => _byInterface.Values.Sum();

    public void Dispose() => _listener.Dispose();
}
