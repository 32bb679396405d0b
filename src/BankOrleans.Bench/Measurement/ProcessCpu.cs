using System.Diagnostics;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// The CPU time (user + system) a fixed set of processes has used, read from the OS: the silos of
/// one system, or the bench itself for the in-process SQLite ceiling. Sampled at the start and the
/// end of a measured window, it says what the work in that window cost, which is steadier than
/// throughput on a machine whose other load comes and goes.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<int> pids)
{
    /// <summary>The processes sampled.</summary>
    public IReadOnlyList<int> Pids { get; } = pids;

    /// <summary>The CPU time the processes have used since they started; a process that is gone counts as zero.</summary>
    public TimeSpan Used()
    {
        var total = TimeSpan.Zero;
        foreach (var pid in Pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                total += process.TotalProcessorTime;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // Exited: a window it ended in reports less than was used, never more.
            }
        }

        return total;
    }
}
