using BankOrleans.Grains.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Messaging;

/// <summary>
/// What one batch channel reports when it drops requests that waited longer than the call timeout
/// to leave: the <c>bank.messaging.dropped</c> counter every time, and a warning at most every
/// <see cref="LogEvery"/> with the count since the last one, so an overloaded peer is visible in
/// the log without a line per request.
/// </summary>
internal sealed class DroppedRequests(string channel, ILogger logger, TimeProvider time)
{
    /// <summary>The least time between two warnings of one channel.</summary>
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private long _unlogged;
    private long? _lastLogged;

    /// <summary>Records <paramref name="count"/> dropped requests.</summary>
    public void Report(int count)
    {
        BankMetrics.RecordDropped(channel, count);
        long total;
        lock (_gate)
        {
            _unlogged += count;
            if (_lastLogged is { } last && time.GetElapsedTime(last) < LogEvery)
            {
                return;
            }

            total = _unlogged;
            _unlogged = 0;
            _lastLogged = time.GetTimestamp();
        }

        logger.LogWarning(
            "Batch channel {Channel}: {Count} requests dropped since the last report, having waited longer than the call timeout to leave (the peer is slower than the load)",
            channel, total);
    }
}
