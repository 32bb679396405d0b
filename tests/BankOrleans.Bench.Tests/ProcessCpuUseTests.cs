using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class ProcessCpuUseTests
{
    [Fact]
    public void Each_kind_gets_the_process_time_in_proportion_to_its_threads_ticks()
    {
        var before = Reading(cpuMs: 1_000, ticks: 100, (10, "replica-writer", 40), (11, ".NET TP Worker", 50), (12, ".NET BGC", 5));
        var after = Reading(cpuMs: 3_000, ticks: 300, (10, "replica-writer", 120), (11, ".NET TP Worker", 150), (12, ".NET BGC", 25));

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromSeconds(2), used.Cpu);
        Assert.Equal(TimeSpan.FromMilliseconds(800), used.ByThreadKind[SiloThreadKind.ReplicaWriter]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), used.ByThreadKind[SiloThreadKind.Gc]);
        Assert.Equal(TimeSpan.Zero, used.ByThreadKind[SiloThreadKind.Jit]);
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), used.ByThreadKind[SiloThreadKind.Other]);
    }

    [Fact]
    public void A_thread_that_started_in_the_window_counts_from_zero_and_one_that_ended_is_left_to_other()
    {
        // Thread 20 ended (its 30 ticks stay in the process's total); thread 21 is new.
        var before = Reading(cpuMs: 0, ticks: 50, (20, "password-hashin", 30));
        var after = Reading(cpuMs: 1_000, ticks: 150, (21, "password-hashin", 25));

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromMilliseconds(250), used.ByThreadKind[SiloThreadKind.PasswordHashing]);
        Assert.Equal(TimeSpan.FromMilliseconds(750), used.ByThreadKind[SiloThreadKind.Other]);
    }

    [Fact]
    public void A_thread_id_reused_under_another_name_is_a_new_thread()
    {
        var before = Reading(cpuMs: 0, ticks: 100, (30, ".NET TP Worker", 90));
        var after = Reading(cpuMs: 100, ticks: 110, (30, "replica-writer", 4));

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromMilliseconds(40), used.ByThreadKind[SiloThreadKind.ReplicaWriter]);
        Assert.Equal(TimeSpan.FromMilliseconds(60), used.ByThreadKind[SiloThreadKind.Other]);
    }

    [Fact]
    public void Named_threads_never_get_more_than_the_process_used()
    {
        // The threads are read after the process's own ticks, so they can run a tick ahead of it.
        var before = Reading(cpuMs: 0, ticks: 10, (40, "replica-writer", 10));
        var after = Reading(cpuMs: 100, ticks: 20, (40, "replica-writer", 21));

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromMilliseconds(100), used.ByThreadKind[SiloThreadKind.ReplicaWriter]);
        Assert.Equal(TimeSpan.Zero, used.ByThreadKind[SiloThreadKind.Other]);
    }

    [Fact]
    public void Without_the_first_reading_of_the_threads_there_is_no_split()
    {
        // Otherwise the writer would be charged all 500 ticks of its life, not the window's 10.
        var before = Reading(cpuMs: 0, ticks: 1_000);
        var after = Reading(cpuMs: 100, ticks: 1_010, (50, "replica-writer", 500));

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromMilliseconds(100), used.Cpu);
        Assert.Empty(used.ByThreadKind);
    }

    [Fact]
    public void Without_thread_readings_there_is_no_split()
    {
        var before = new ProcessCpuReading(TimeSpan.Zero, null, []);
        var after = new ProcessCpuReading(TimeSpan.FromSeconds(1), null, []);

        var used = ProcessCpuUse.Between(before, after);

        Assert.Equal(TimeSpan.FromSeconds(1), used.Cpu);
        Assert.Empty(used.ByThreadKind);
    }

    private static ProcessCpuReading Reading(int cpuMs, long ticks, params (int Tid, string Name, long Ticks)[] threads) =>
        new(TimeSpan.FromMilliseconds(cpuMs), ticks, [.. threads.Select(t => new ThreadTicks(t.Tid, t.Name, t.Ticks))]);
}
