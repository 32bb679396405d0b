namespace BankOrleans.Chaos.Faults;

/// <summary>When a scenario's steps start within its fault phase.</summary>
internal static class FaultSchedule
{
    /// <summary>
    /// The offsets from the phase's start at which steps begin: every <paramref name="period"/>,
    /// strictly before the phase ends. Fixed in advance, so that a step that ran long or a timer
    /// that fired early never starts a fault at the phase's last instant, inside the recovery
    /// window that follows.
    /// </summary>
    public static IEnumerable<TimeSpan> StepOffsets(TimeSpan duration, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        for (var offset = TimeSpan.Zero; offset < duration; offset += period)
        {
            yield return offset;
        }
    }
}
