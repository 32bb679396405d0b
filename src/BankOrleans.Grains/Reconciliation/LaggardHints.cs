using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Grains.Placement;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// Hands anti-entropy the accounts this silo's coordinators committed while a master still lacks
/// them (the laggard repair failed) or left with an unknown outcome, so the next pass compares them
/// first instead of when its sweep of every account gets there. Reports are gathered for
/// <see cref="FlushDelay"/> and sent in one message to the anti-entropy grain of the lowest-numbered
/// active master, the one whose passes do the work. Best effort: a hint that is lost only means the
/// sweep finds the account later.
/// </summary>
public sealed class LaggardHints(
    IGrainFactory grains,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<LaggardHints> logger)
{
    /// <summary>How long reports are gathered before they are sent.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>At most this many accounts wait to be sent; more are left to the sweep.</summary>
    public const int MaxPending = 10_000;

    private readonly Lock _gate = new();
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _flushScheduled;

    /// <summary>Reports accounts a master may lack. Never blocks and never throws to the caller.</summary>
    public void Report(IReadOnlyList<string> accounts)
    {
        lock (_gate)
        {
            foreach (var account in accounts)
            {
                if (_pending.Count >= MaxPending)
                {
                    break;
                }

                _pending.Add(account);
            }

            if (_flushScheduled || _pending.Count == 0)
            {
                return;
            }

            _flushScheduled = true;
        }

        // Off the caller's grain context: the caller (the write leader) may be deactivated before
        // the delay ends, and the flush must not take turns from it.
        _ = Task.Run(FlushLaterAsync);
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(FlushDelay, time);
        HashSet<string> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = new HashSet<string>(StringComparer.Ordinal);
            _flushScheduled = false;
        }

        if (ActiveMasters.Lowest(membership) is not { } index)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IAntiEntropyGrain>(index).Suspect([.. batch]);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Laggard hints for {Count} accounts not delivered to master-{Index}; the sweep finds them", batch.Count, index);
        }
    }
}
