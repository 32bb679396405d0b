using System.Diagnostics;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// The CPU time (user + system) a fixed set of processes has used, read from the OS: the silos of
/// one system, or the bench itself for the in-process SQLite ceiling. Sampled at the start and the
/// end of a measured window, it says what the work in that window cost, which is steadier than
/// throughput on a machine whose other load comes and goes; on Linux it also says which kinds of
/// thread (<see cref="SiloThreadKind"/>) spent it.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<int> pids)
{
    /// <summary>The processes sampled.</summary>
    public IReadOnlyList<int> Pids { get; } = pids;

    /// <summary>Reads each process that still runs, and its threads where <c>/proc</c> allows.</summary>
    public CpuSample Sample()
    {
        var processes = new Dictionary<int, ProcessCpuReading>();
        foreach (var pid in Pids)
        {
            try
            {
                var ticks = ProcStat.ProcessTicks(pid);
                var threads = ProcStat.Threads(pid);
                using var process = Process.GetProcessById(pid);
                processes[pid] = new ProcessCpuReading(process.TotalProcessorTime, ticks, threads);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // Exited: a window it ended in reports less than was used, never more.
            }
        }

        return new CpuSample(processes);
    }
}
