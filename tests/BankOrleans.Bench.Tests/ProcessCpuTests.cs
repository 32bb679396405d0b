using System.Diagnostics;
using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class ProcessCpuTests
{
    [Fact]
    public void Cpu_time_a_process_spends_shows_in_its_sample()
    {
        var cpu = new ProcessCpu([Environment.ProcessId]);
        var before = cpu.Sample();

        // Spin until the OS itself says this process used 50 ms more: no wall-clock assumption.
        using var self = Process.GetCurrentProcess();
        var target = self.TotalProcessorTime + TimeSpan.FromMilliseconds(50);
        do
        {
            self.Refresh();
        }
        while (self.TotalProcessorTime < target);

        Assert.True(cpu.Sample().Since(before).Total >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_process_that_is_gone_counts_as_zero()
    {
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        var pid = exited.Id;
        exited.Dispose();

        Assert.Equal(TimeSpan.Zero, new ProcessCpu([pid]).Sample().Total);
    }

    [Fact]
    public void Cpu_time_spent_on_a_named_thread_is_put_down_to_its_kind()
    {
        var pid = Environment.ProcessId;
        var cpu = new ProcessCpu([pid]);
        var before = cpu.Sample();

        // Spin on a thread named as a replica's writer until the OS has charged it 5 ticks (50 ms),
        // and keep it alive until it is read again: an ended thread's time is left to "other".
        // A test cluster in this process may run writers of its own: wait for the new one.
        var others = ProcStat.Threads(pid).Where(t => t.Name == "replica-writer").Select(t => t.Tid).ToHashSet();
        using var stop = new CancellationTokenSource();
        var spinner = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
            }
        })
        { Name = "replica-writer", IsBackground = true };
        spinner.Start();
        ProcessCpuUse used;
        try
        {
            while (!ProcStat.Threads(pid).Any(t => t.Name == "replica-writer" && !others.Contains(t.Tid) && t.Ticks >= 5))
            {
                Thread.Yield();
            }

            used = cpu.Sample().Since(before).Processes[pid];
        }
        finally
        {
            stop.Cancel();
            spinner.Join();
        }

        Assert.True(used.ByThreadKind[SiloThreadKind.ReplicaWriter] >= TimeSpan.FromMilliseconds(30), $"{used.ByThreadKind[SiloThreadKind.ReplicaWriter]}");
        var split = used.ByThreadKind.Values.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        Assert.InRange((used.Cpu - split).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
    }
}
