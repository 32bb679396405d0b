namespace BankOrleans.Bench.Measurement;

/// <summary>The CPU time a set of processes used between two <see cref="CpuSample"/>s, per process.</summary>
public sealed record CpuUse(IReadOnlyDictionary<int, ProcessCpuUse> Processes)
{
    /// <summary>What all the processes used.</summary>
    public TimeSpan Total => Processes.Values.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);
}

/// <summary>
/// The CPU time one process used between two readings, and how it split by
/// <see cref="SiloThreadKind"/> (empty when the threads could not be read).
/// </summary>
public sealed record ProcessCpuUse(TimeSpan Cpu, IReadOnlyDictionary<string, TimeSpan> ByThreadKind)
{
    /// <summary>
    /// What the process used from <paramref name="before"/> to <paramref name="after"/>. Ticks are
    /// coarse (10 ms) but share one clock, so each kind gets the process's CPU time in proportion to
    /// its threads' ticks; a thread that started in between counts from zero, and what threads that
    /// ended in between used is left to <see cref="SiloThreadKind.Other"/>.
    /// </summary>
    public static ProcessCpuUse Between(ProcessCpuReading before, ProcessCpuReading after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        // Negative only if the pid now names another process.
        var cpu = after.Cpu - before.Cpu;
        if (cpu < TimeSpan.Zero)
        {
            cpu = TimeSpan.Zero;
        }

        // Without both readings of the threads, a named thread would be charged its whole life.
        if (before.Ticks is not { } startTicks || after.Ticks is not { } endTicks || before.Threads.Count == 0 || after.Threads.Count == 0)
        {
            return new ProcessCpuUse(cpu, new Dictionary<string, TimeSpan>());
        }

        var ticks = Math.Max(endTicks - startTicks, 0);
        var earlier = before.Threads.ToDictionary(t => t.Tid);
        var byKind = SiloThreadKind.All.ToDictionary(kind => kind, _ => 0L);
        foreach (var thread in after.Threads)
        {
            var kind = SiloThreadKind.Of(thread.Name);
            if (kind == SiloThreadKind.Other)
            {
                continue;
            }

            // A reused thread id with another name is a new thread.
            var from = earlier.TryGetValue(thread.Tid, out var then) && then.Name == thread.Name ? then.Ticks : 0;
            byKind[kind] += Math.Max(thread.Ticks - from, 0);
        }

        // The threads are read just after the process, so together they can be a tick ahead of it.
        var named = byKind.Values.Sum();
        var total = Math.Max(ticks, named);
        byKind[SiloThreadKind.Other] = total - named;
        return new ProcessCpuUse(cpu, byKind.ToDictionary(
            entry => entry.Key,
            entry => total > 0 ? cpu * ((double)entry.Value / total) : TimeSpan.Zero));
    }
}
