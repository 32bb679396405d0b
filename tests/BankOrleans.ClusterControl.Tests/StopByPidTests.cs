using System.Diagnostics;

namespace BankOrleans.ClusterControl.Tests;

/// <summary>
/// Stops signal a recorded pid only while it is the process that was started: a pid whose start
/// time differs is left alone (its pid file dropped); the started process is stopped even before it
/// has exec'd the silo. The processes here are <c>sleep</c>s standing in for silos.
/// </summary>
public sealed class StopByPidTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("cluster-control-stop-");
    private readonly List<Process> _sleepers = [];

    [Fact]
    public async Task A_pid_with_another_start_time_is_never_signalled()
    {
        var (cluster, output) = Cluster();
        var stranger = Sleeper();
        cluster.Pids.Record("master-1", stranger.Id, ProcessTable.StartTime(stranger.Id)! + 1);

        await cluster.StopSiloAsync("master-1", kill: true);

        Assert.Equal("master-1 is not running.\n", output.ToString());
        Assert.True(ProcessTable.IsAlive(stranger.Id));
        Assert.Null(cluster.Pids.RecordedPid("master-1"));
    }

    [Fact]
    public async Task The_started_process_is_killed_before_it_runs_the_silo_and_its_files_removed()
    {
        var (cluster, output) = Cluster();
        var started = Sleeper();
        cluster.Pids.Record("reader", started.Id, ProcessTable.StartTime(started.Id));

        await cluster.StopSiloAsync("reader", kill: true);

        Assert.Equal($"reader: sent SIGKILL to pid {started.Id}\n", output.ToString());
        Assert.True(started.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data.FullName, "pids")));
    }

    [Fact]
    public async Task Down_stops_what_was_started_and_leaves_strangers()
    {
        var (cluster, output) = Cluster();
        var started = Sleeper();
        var stranger = Sleeper();
        cluster.Pids.Record("master-2", started.Id, ProcessTable.StartTime(started.Id));
        cluster.Pids.Record("master-3", stranger.Id, ProcessTable.StartTime(stranger.Id)! - 1);

        await cluster.DownAsync();

        Assert.Equal($"master-2: sent SIGTERM to pid {started.Id}\nstopped.\n", output.ToString());
        Assert.True(started.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.True(ProcessTable.IsAlive(stranger.Id));
        Assert.Empty(Directory.GetFiles(Path.Combine(_data.FullName, "pids")));
    }

    public void Dispose()
    {
        foreach (var sleeper in _sleepers)
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }

            sleeper.Dispose();
        }

        _data.Delete(recursive: true);
    }

    private (LocalCluster Cluster, StringWriter Output) Cluster()
    {
        var layout = ClusterLayout.Read(RepoRoot.Path, name => name == "BANK_DATA_DIR" ? _data.FullName : null);
        var output = new StringWriter { NewLine = "\n" };
        return (new LocalCluster(layout, output, output), output);
    }

    private Process Sleeper()
    {
        var sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        _sleepers.Add(sleeper);
        return sleeper;
    }
}
