using BankOrleans.Contracts.Reconciliation;

namespace BankOrleans.Client.Commands;

/// <summary>
/// How <c>admin verify</c> walks the accounts, part by part (<see cref="IReplicaAuditGrain.VerifyPart"/>),
/// so that its answer is about the data rather than about a moment: a part whose call fails (a
/// timeout, a silo going away) is asked again, up to <see cref="PartAttempts"/> times; a part in
/// which a replica is still catching up is asked again after <see cref="Pause"/> while the waits
/// stay within <see cref="CatchUpBudget"/>; a part with differing accounts is asked once more after
/// a pause while <see cref="RecheckBudget"/> lasts (a write in flight shows one master behind for a
/// moment). Each bound is for the whole walk, so a large bank does not multiply it.
/// </summary>
internal sealed class VerifyWalk(Func<string, Task<VerifyReport>> part, Func<TimeSpan, CancellationToken, Task> pause)
{
    /// <summary>Calls per part before its failure ends the walk.</summary>
    public int PartAttempts { get; init; } = 3;

    /// <summary>The pause before a part is asked again.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long, in all, the walk waits for replicas that are catching up.</summary>
    public TimeSpan CatchUpBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long, in all, the walk spends re-checking parts with differing accounts.</summary>
    public TimeSpan RecheckBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Walks every part; throws the last failure of a part that failed <see cref="PartAttempts"/> times.</summary>
    public async Task<VerifyWalkResult> RunAsync(CancellationToken cancellationToken)
    {
        var waitedFor = new SortedSet<string>(StringComparer.Ordinal);
        var (catchUpWaited, recheckWaited, retried, rechecked) = (TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        VerifyReport? whole = null;
        string? from = "";
        while (from is not null)
        {
            var report = await AskAsync(from);
            var checkedAgain = false;
            while (true)
            {
                if (report.CatchingUp.Count > 0 && catchUpWaited + Pause <= CatchUpBudget)
                {
                    waitedFor.UnionWith(report.CatchingUp);
                    catchUpWaited += Pause;
                }
                else if (report.Differing.Count > 0 && !checkedAgain && recheckWaited + Pause <= RecheckBudget)
                {
                    (checkedAgain, recheckWaited, rechecked) = (true, recheckWaited + Pause, rechecked + 1);
                }
                else
                {
                    break;
                }

                await pause(Pause, cancellationToken);
                report = await AskAsync(from);
            }

            whole = whole is null ? report : whole.Then(report);
            from = report.Next;
        }

        return new VerifyWalkResult(whole!, [.. waitedFor], catchUpWaited, retried, rechecked);

        async Task<VerifyReport> AskAsync(string start)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await part(start);
                }
                catch (Exception exception) when (IsTransient(exception) && attempt < PartAttempts)
                {
                    retried++;
                    await pause(Pause, cancellationToken);
                }
            }
        }
    }

    // A call that may pass if asked again; a refused credential or a bad start key will not.
    private static bool IsTransient(Exception exception) =>
        exception is TimeoutException or Orleans.Runtime.OrleansException;
}

/// <summary>What <see cref="VerifyWalk"/> found and what it waited for on the way.</summary>
/// <param name="Report">The whole report, every part joined.</param>
/// <param name="WaitedForCatchUp">Replicas the walk waited for while they caught up.</param>
/// <param name="CatchUpWaited">How long it waited for them in all.</param>
/// <param name="PartsRetried">Calls asked again after a failure (a timeout, a silo going away).</param>
/// <param name="PartsRechecked">Parts with differing accounts asked once more.</param>
internal sealed record VerifyWalkResult(
    VerifyReport Report,
    IReadOnlyList<string> WaitedForCatchUp,
    TimeSpan CatchUpWaited,
    int PartsRetried,
    int PartsRechecked);
