namespace BankOrleans.ClusterControl.Tests;

/// <summary>Pid files on disk: the pid alone in NAME.pid, its start time beside it, and what they make of live processes.</summary>
public sealed class SiloPidFilesTests : IDisposable
{
    private static readonly LocalSilo Master1 = new("master-1", "master", 11111, 30001, 9101, 8080);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cluster-control-pids-");

    [Fact]
    public void The_pid_file_holds_only_the_pid()
    {
        var pids = new SiloPidFiles(_dir.FullName);

        pids.Record("master-1", 4242, 987654);

        Assert.Equal("4242\n", File.ReadAllText(Path.Combine(_dir.FullName, "master-1.pid")));
        Assert.Equal(4242, pids.RecordedPid("master-1"));
        Assert.Equal(987654, pids.RecordedStart("master-1"));
    }

    [Fact]
    public void A_live_pid_recorded_with_another_start_time_is_a_stranger()
    {
        var pids = new SiloPidFiles(_dir.FullName);
        var start = ProcessTable.StartTime(Environment.ProcessId)!.Value;

        pids.Record("master-1", Environment.ProcessId, start + 1);

        Assert.Equal((Environment.ProcessId, SiloProcessState.Stranger), pids.Inspect(Master1));
        Assert.Null(pids.RunningPid(Master1));
    }

    [Fact]
    public void A_live_pid_recorded_with_its_start_time_is_ours_but_not_the_silo_until_it_runs_it()
    {
        var pids = new SiloPidFiles(_dir.FullName);

        pids.Record("master-1", Environment.ProcessId, ProcessTable.StartTime(Environment.ProcessId));

        Assert.Equal((Environment.ProcessId, SiloProcessState.Starting), pids.Inspect(Master1));
    }

    [Fact]
    public void Forget_removes_both_files_and_digits_are_read_like_tr()
    {
        var pids = new SiloPidFiles(_dir.FullName);
        pids.Record("master-1", 12, 34);
        pids.Forget("master-1");
        File.WriteAllText(pids.PidFile("reader"), " 56\r\n");

        Assert.Equal((null, SiloProcessState.Gone), pids.Inspect(Master1));
        Assert.Empty(_dir.GetFiles("master-1.*"));
        Assert.Equal(56, pids.RecordedPid("reader"));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
