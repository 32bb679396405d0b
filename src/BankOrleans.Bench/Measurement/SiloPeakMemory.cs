using System.Globalization;

namespace BankOrleans.Bench.Measurement;

/// <summary>Reads silos' peak resident memory from <c>/proc/&lt;pid&gt;/status</c> (Linux).</summary>
public static class SiloPeakMemory
{
    /// <summary>
    /// The bank's silos from the pid files <c>&lt;dataDirectory&gt;/pids/*.pid</c> that
    /// <c>./bank up</c> writes, with their peak RSS.
    /// </summary>
    public static IReadOnlyList<SiloMemory> ForBankSilos(string dataDirectory)
    {
        var pids = Path.Combine(dataDirectory, "pids");
        if (!Directory.Exists(pids))
        {
            return [];
        }

        var silos = new List<SiloMemory>();
        foreach (var file in Directory.GetFiles(pids, "*.pid").Order(StringComparer.Ordinal))
        {
            if (int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                silos.Add(new SiloMemory(Path.GetFileNameWithoutExtension(file), pid, ReadPeakRssKilobytes(pid)));
            }
        }

        return silos;
    }

    /// <summary>VmHWM of <paramref name="pid"/> in kB, or null if the process is gone or the line is missing.</summary>
    public static long? ReadPeakRssKilobytes(int pid) => ProcStat.TryRead($"/proc/{pid}/status") is { } status ? ParseVmHwm(status) : null;

    /// <summary>VmRSS (resident now) of <paramref name="pid"/> in kB, or null if the process is gone or the line is missing.</summary>
    public static long? ReadRssKilobytes(int pid) => ProcStat.TryRead($"/proc/{pid}/status") is { } status ? ParseKilobytes(status, "VmRSS:") : null;

    /// <summary>The VmHWM value in kB from the text of a <c>/proc/&lt;pid&gt;/status</c> file, or null.</summary>
    public static long? ParseVmHwm(string status) => ParseKilobytes(status, "VmHWM:");

    /// <summary>The value in kB of the line starting with <paramref name="key"/> in a <c>/proc/&lt;pid&gt;/status</c> text, or null.</summary>
    public static long? ParseKilobytes(string status, string key)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var digits = new string([.. line[key.Length..].Where(char.IsAsciiDigit)]);
                return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
            }
        }

        return null;
    }
}
