namespace BankOrleans.ClusterControl;

/// <summary>
/// The pid rule: a recorded pid is signalled only while it is the process that was started for the
/// silo. A start records the pid and its <c>/proc</c> start time; a pid whose start time differs
/// has been reused by another process. A pid file without a start time (an older <c>./bank</c>)
/// counts only while the process's command line names the silo's config file.
/// </summary>
public static class SiloProcessRule
{
    /// <summary>Classifies the process a silo's pid file names.</summary>
    /// <param name="configFile">The silo's config file as its command line names it (<c>silo-config/NAME.json</c>).</param>
    /// <param name="recordedStart">The start time recorded with the pid, or null if none was.</param>
    /// <param name="alive">Whether the pid is a live process.</param>
    /// <param name="currentStart">The pid's start time now (null if unreadable).</param>
    /// <param name="commandLine">The pid's command line now (null if unreadable).</param>
    public static SiloProcessState Classify(string configFile, long? recordedStart, bool alive, long? currentStart, string? commandLine)
    {
        ArgumentNullException.ThrowIfNull(configFile);
        if (!alive)
        {
            return SiloProcessState.Gone;
        }

        if (recordedStart is not null && currentStart != recordedStart)
        {
            return SiloProcessState.Stranger;
        }

        if (commandLine is not null && commandLine.Contains(configFile, StringComparison.Ordinal))
        {
            return SiloProcessState.Running;
        }

        return recordedStart is not null ? SiloProcessState.Starting : SiloProcessState.Stranger;
    }

    /// <summary>Whether a stop may signal a process in <paramref name="state"/>.</summary>
    public static bool MayStop(SiloProcessState state) => state is SiloProcessState.Running or SiloProcessState.Starting;
}
