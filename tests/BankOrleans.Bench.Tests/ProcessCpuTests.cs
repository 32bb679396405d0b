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
}
