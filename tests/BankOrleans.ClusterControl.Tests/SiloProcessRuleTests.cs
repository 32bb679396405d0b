namespace BankOrleans.ClusterControl.Tests;

/// <summary>The pid rule: which recorded pids a command may treat as the silo, and signal.</summary>
public sealed class SiloProcessRuleTests
{
    private const string Config = "silo-config/master-1.json";
    private const string SiloCommand = "dotnet /repo/src/BankOrleans.Silo/bin/Release/net10.0/BankOrleans.Silo.dll --config silo-config/master-1.json";

    [Fact]
    public void A_reused_pid_is_a_stranger_even_when_it_runs_a_silo()
    {
        var state = SiloProcessRule.Classify(Config, recordedStart: 1000, alive: true, currentStart: 2000, SiloCommand);

        Assert.Equal(SiloProcessState.Stranger, state);
        Assert.False(SiloProcessRule.MayStop(state));
    }

    [Fact]
    public void The_started_process_running_the_silo_is_running()
    {
        var state = SiloProcessRule.Classify(Config, 1000, alive: true, currentStart: 1000, SiloCommand);

        Assert.Equal(SiloProcessState.Running, state);
        Assert.True(SiloProcessRule.MayStop(state));
    }

    [Fact]
    public void The_started_process_before_its_exec_is_starting_and_may_be_stopped()
    {
        var state = SiloProcessRule.Classify(Config, 1000, alive: true, currentStart: 1000, "/bin/sh -c exec setsid nohup");

        Assert.Equal(SiloProcessState.Starting, state);
        Assert.True(SiloProcessRule.MayStop(state));
    }

    [Fact]
    public void Without_a_recorded_start_time_only_the_command_line_counts()
    {
        Assert.Equal(SiloProcessState.Running, SiloProcessRule.Classify(Config, null, alive: true, currentStart: 5, SiloCommand));
        Assert.Equal(SiloProcessState.Stranger, SiloProcessRule.Classify(Config, null, alive: true, currentStart: 5, "sleep 300"));
        Assert.Equal(SiloProcessState.Stranger, SiloProcessRule.Classify("silo-config/master-2.json", null, alive: true, currentStart: 5, SiloCommand));
    }

    [Fact]
    public void A_dead_pid_is_gone()
    {
        Assert.Equal(SiloProcessState.Gone, SiloProcessRule.Classify(Config, 1000, alive: false, currentStart: null, commandLine: null));
    }

    [Fact]
    public void Start_time_is_field_22_of_proc_stat_whatever_the_command_name_holds()
    {
        const string Stat = "4242 (odd ) name) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100 18446744073709551615";

        Assert.Equal(987654, ProcessTable.ParseStartTime(Stat));
        Assert.Equal('S', ProcessTable.ParseState(Stat));
        Assert.Null(ProcessTable.ParseStartTime("garbage"));
    }

    [Fact]
    public void This_process_start_time_is_read_from_proc()
    {
        var start = ProcessTable.StartTime(Environment.ProcessId);

        Assert.NotNull(start);
        Assert.Equal(start, ProcessTable.StartTime(Environment.ProcessId));
        Assert.True(ProcessTable.IsAlive(Environment.ProcessId));
    }

    [Theory]
    [InlineData("dotnet /repo/BankOrleans.Silo.dll --config silo-config/master-1.json", true)]
    [InlineData("/usr/bin/env bash /tmp/bin/dotnet /repo/BankOrleans.Silo.dll --config silo-config/master-1.json", true)]
    [InlineData("/bin/sh -c log=$1; shift; exec setsid nohup \"$@\" sh /d/logs/master-1.log dotnet x.dll --config silo-config/master-1.json", false)]
    [InlineData("setsid nohup dotnet x.dll --config silo-config/master-1.json", false)]
    [InlineData("nohup dotnet x.dll --config silo-config/master-1.json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("dotnet x.dll --config silo-config/master-2.json", false)]
    public void A_start_has_exec_d_the_program_only_past_its_wrappers(string? commandLine, bool runs) =>
        Assert.Equal(runs, SiloLauncher.RunsProgram(commandLine, Config));
}
