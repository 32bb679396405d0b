using System.Globalization;

namespace BankOrleans.ClusterControl;

/// <summary>What <c>/proc</c> says about a pid: alive or not, its start time, its command line.</summary>
internal static class ProcessTable
{
    /// <summary>
    /// Whether <paramref name="pid"/> exists, may be signalled by this user, and is not a zombie
    /// (a silo this process started and that died is one until the runtime reaps it).
    /// </summary>
    public static bool IsAlive(int pid) =>
        PosixSignal.Send(pid, PosixSignal.Probe) && Read($"/proc/{pid}/stat") is { } stat && ParseState(stat) is not ('Z' or 'X' or null);

    /// <summary>The start time of <paramref name="pid"/> (clock ticks since boot; kept across exec, new for a reused pid), or null.</summary>
    public static long? StartTime(int pid) => Read($"/proc/{pid}/stat") is { } stat ? ParseStartTime(stat) : null;

    /// <summary>The command line of <paramref name="pid"/>, arguments joined by spaces, or null if it is gone.</summary>
    public static string? CommandLine(int pid) => Read($"/proc/{pid}/cmdline")?.Replace('\0', ' ');

    /// <summary>Field 22 (starttime) of a <c>/proc/PID/stat</c> line; the command name before it may hold spaces and parentheses.</summary>
    public static long? ParseStartTime(string stat) =>
        Fields(stat) is { Length: > 19 } fields && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;

    /// <summary>Field 3 (state: R, S, D, Z, …) of a <c>/proc/PID/stat</c> line.</summary>
    public static char? ParseState(string stat) => Fields(stat) is { Length: > 0 } fields && fields[0].Length == 1 ? fields[0][0] : null;

    // The fields after "pid (comm) ": field 3 is [0].
    private static string[]? Fields(string stat)
    {
        var end = stat.LastIndexOf(") ", StringComparison.Ordinal);
        return end < 0 ? null : stat[(end + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
