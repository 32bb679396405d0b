using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
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
    private int _dropped;

    /// <summary>Reports accounts a master may lack. Never blocks and never throws to the caller.</summary>
    public void Report(IReadOnlyList<string> accounts)
    {
        lock (_gate)
        {
            foreach (var account in accounts)
            {
                if (_pending.Count >= MaxPending)
                {
                    _dropped++;
                    continue;
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

    /// <summary>Reports the accounts of <paramref name="op"/> when its outcome stayed unknown: its accept may sit on one master only.</summary>
    public void ReportIfUnknown(BankOperation op, CoordinatorResult result)
    {
        if (result.Verdict == CoordinatorVerdict.Unknown)
        {
            Report(op.Accounts);
        }
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(FlushDelay, time);
            HashSet<string> batch;
            int dropped;
            lock (_gate)
            {
                (batch, dropped) = (_pending, _dropped);
                _pending = new HashSet<string>(StringComparer.Ordinal);
                _dropped = 0;
                _flushScheduled = false;
            }

            if (dropped > 0)
            {
                logger.LogInformation("{Dropped} laggard hints over the bound of {Max} dropped; the sweep finds those accounts", dropped, MaxPending);
            }

            if (ActiveMasters.Lowest(membership) is not { } index)
            {
                logger.LogInformation("Laggard hints for {Count} accounts dropped: no master is active; the sweep finds them", batch.Count);
                return;
            }

            await grains.GetGrain<IAntiEntropyGrain>(index).Suspect([.. batch]);
        }
        catch (Exception exception)
        {
            // Best effort by design (see the summary): a silo shutting down, a master gone.
            logger.LogInformation("Laggard hints not delivered ({Message}); the sweep finds those accounts", exception.Message);
        }
    }
}
