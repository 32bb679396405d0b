namespace BankOrleans.Bench.Measurement;

/// <summary>
/// One reading of the CPU time each of a set of processes has used since it started, with its
/// running threads' ticks where Linux's <c>/proc</c> can be read. Two readings make a
/// <see cref="CpuUse"/>.
/// </summary>
public sealed class CpuSample(IReadOnlyDictionary<int, ProcessCpuReading> processes)
{
    /// <summary>Each process read, by pid; a process that is gone is missing.</summary>
    public IReadOnlyDictionary<int, ProcessCpuReading> Processes { get; } = processes;

    /// <summary>The CPU time all the processes read have used.</summary>
    public TimeSpan Total => Processes.Values.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);

    /// <summary>What the processes used from <paramref name="before"/> to this reading; a process missing from either counts as zero.</summary>
    public CpuUse Since(CpuSample before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var used = new Dictionary<int, ProcessCpuUse>();
        foreach (var (pid, now) in Processes)
        {
            if (before.Processes.TryGetValue(pid, out var then))
            {
                used[pid] = ProcessCpuUse.Between(then, now);
            }
        }

        return new CpuUse(used);
    }
}

/// <summary>
/// A process's CPU time since it started, as the runtime reports it, and its ticks
/// (<c>/proc/&lt;pid&gt;/stat</c>, ended threads included) and running threads' ticks; the ticks are
/// null and the threads empty where <c>/proc</c> cannot be read.
/// </summary>
public sealed record ProcessCpuReading(TimeSpan Cpu, long? Ticks, IReadOnlyList<ThreadTicks> Threads);
