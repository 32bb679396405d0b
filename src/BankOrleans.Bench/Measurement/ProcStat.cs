using System.Globalization;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// Reads CPU time from Linux's <c>/proc/&lt;pid&gt;/stat</c> and <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/stat</c>,
/// in clock ticks (user + system). Elsewhere, or for a process that is gone, it reads nothing.
/// </summary>
public static class ProcStat
{
    /// <summary>
    /// User plus system ticks from the text of a <c>stat</c> file, or null if it is not one. The
    /// name in parentheses may itself hold spaces and parentheses, so fields count from the last
    /// <c>)</c>: the third field (the state) follows it, and utime and stime are the 14th and 15th.
    /// </summary>
    public static long? ParseTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int UserTime = 14 - 3, SystemTime = 15 - 3;
        return fields.Length > SystemTime
            && long.TryParse(fields[UserTime], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[SystemTime], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? user + system
            : null;
    }

    /// <summary>
    /// The name a <c>stat</c> file gives its thread or process (between the first <c>(</c> and the
    /// last <c>)</c>), or null if it is not one.
    /// </summary>
    public static string? ParseName(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        return open >= 0 && close > open ? stat[(open + 1)..close] : null;
    }

    /// <summary>The process's ticks (its ended threads' included), or null if it cannot be read.</summary>
    public static long? ProcessTicks(int pid) => TryRead($"/proc/{pid}/stat") is { } stat ? ParseTicks(stat) : null;

    /// <summary>The text of a <c>/proc</c> file, or null if it cannot be read (not Linux, or the process or thread is gone).</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Each thread of the process still running: its id, its name and its ticks. Empty if none can be read.</summary>
    public static IReadOnlyList<ThreadTicks> Threads(int pid)
    {
        var threads = new List<ThreadTicks>();
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return threads;
        }

        foreach (var task in tasks)
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                && TryRead(Path.Combine(task, "stat")) is { } stat
                && ParseName(stat) is { } name
                && ParseTicks(stat) is { } ticks)
            {
                threads.Add(new ThreadTicks(tid, name, ticks));
            }
        }

        return threads;
    }
}
