using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class ProcStatTests
{
    // A real line's shape: pid (name) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    private const string Stat = "4242 (.NET TP Worker) S 1 4242 4242 0 -1 4194368 120 0 3 0 731 129 0 0 20 0 14 0";

    [Fact]
    public void Ticks_are_user_plus_system_time()
    {
        Assert.Equal(731 + 129, ProcStat.ParseTicks(Stat));
        Assert.Equal(".NET TP Worker", ProcStat.ParseName(Stat));
    }

    [Fact]
    public void A_name_with_spaces_and_parentheses_does_not_shift_the_fields()
    {
        const string tricky = "7 (a) b (c) d) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0";

        Assert.Equal(11, ProcStat.ParseTicks(tricky));
        Assert.Equal("a) b (c) d", ProcStat.ParseName(tricky));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no parentheses here 1 2 3")]
    [InlineData("1 (short) S 1 2")]
    [InlineData("1 (bad) S 1 1 1 0 -1 0 0 0 0 0 x 6")]
    public void Text_that_is_not_a_stat_line_reads_as_nothing(string text) => Assert.Null(ProcStat.ParseTicks(text));

    [Fact]
    public void This_process_and_its_threads_can_be_read()
    {
        Assert.NotNull(ProcStat.ProcessTicks(Environment.ProcessId));
        Assert.Contains(ProcStat.Threads(Environment.ProcessId), t => t.Tid == Environment.ProcessId);
    }
}
