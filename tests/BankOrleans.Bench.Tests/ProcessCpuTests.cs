using System.Diagnostics;
using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class ProcessCpuTests
{
    [Fact]
    public void Cpu_time_a_process_spends_shows_in_its_sample()
    {
        var cpu = new ProcessCpu([Environment.ProcessId]);
        var before = cpu.Used();

        // Spin until the OS itself says this process used 50 ms more: no wall-clock assumption.
        using var self = Process.GetCurrentProcess();
        var target = self.TotalProcessorTime + TimeSpan.FromMilliseconds(50);
        do
        {
            self.Refresh();
        }
        while (self.TotalProcessorTime < target);

        Assert.True(cpu.Used() - before >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_process_that_is_gone_counts_as_zero()
    {
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        var pid = exited.Id;
        exited.Dispose();

        Assert.Equal(TimeSpan.Zero, new ProcessCpu([pid]).Used());
    }

    [Fact]
    public void Cpu_time_spent_on_a_named_thread_is_put_down_to_its_kind()
    {
        var cpu = new ProcessCpu([Environment.ProcessId]);
        var before = cpu.Sample();

        // Spin on a thread named as a replica's writer until the OS has charged it 5 ticks (50 ms),
        // and keep it alive until it is read again: an ended thread's time is left to "other".
        using var spun = new ManualResetEventSlim();
        using var read = new ManualResetEventSlim();
        var spinner = new Thread(() =>
        {
            var start = OwnTicks();
            while (OwnTicks() < start + 5)
            {
            }

            spun.Set();
            read.Wait();
        })
        { Name = "replica-writer" };
        spinner.Start();
        spun.Wait();
        var used = cpu.Sample().Since(before).Processes[Environment.ProcessId];
        read.Set();
        spinner.Join();

        Assert.True(used.ByThreadKind[SiloThreadKind.ReplicaWriter] >= TimeSpan.FromMilliseconds(30), $"{used.ByThreadKind[SiloThreadKind.ReplicaWriter]}");
        var split = used.ByThreadKind.Values.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        Assert.InRange((used.Cpu - split).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
    }

    // The calling thread's ticks, read from /proc/thread-self.
    private static long OwnTicks() => ProcStat.ParseTicks(File.ReadAllText("/proc/thread-self/stat")) ?? throw new InvalidOperationException("no /proc/thread-self/stat");
}
