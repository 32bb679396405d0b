using System.Diagnostics;
using System.Globalization;
using BankOrleans.ClusterControl;
using BankOrleans.Connections;
using BankOrleans.Contracts.Security;

namespace BankOrleans.Chaos.Cluster;

/// <summary>
/// The run's own cluster: the repository's silos, run by the cluster-control library that
/// <c>./bank</c> uses, with the data directory set to a temp directory and the port offset to a
/// free range, so it is the real multi-process cluster, beside any other. Processes are only ever
/// signalled by the pid recorded for them, while it is still the process that was started.
/// </summary>
internal sealed class ChaosCluster
{
    private static readonly TimeSpan UpLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan SiloCommandLimit = TimeSpan.FromSeconds(90);
    private readonly ClusterLayout _layout;
    private readonly ChaosLog _log;

    public ChaosCluster(string repoRoot, string dataDir, int portOffset, ChaosLog log)
    {
        DataDir = dataDir;
        PortOffset = portOffset;
        _log = log;
        var overrides = new Dictionary<string, string>
        {
            ["BANK_DATA_DIR"] = dataDir,
            ["BANK_PORT_OFFSET"] = portOffset.ToString(CultureInfo.InvariantCulture),
            ["BANK_UP_TIMEOUT"] = "90",
            // Its own CA: an inherited BANK_CLUSTER_CA names another cluster's.
            ["BANK_CLUSTER_CA"] = ClusterCaFile.InDataDirectory(dataDir),
        };
        _layout = ClusterLayout.Read(repoRoot, name => overrides.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));
    }

    public string DataDir { get; }

    public int PortOffset { get; }

    /// <summary>The silos' call credential, from the session key <c>up</c> generated into the data directory.</summary>
    public SiloCallCredential SiloCredential() =>
        SiloCallCredential.FromSessionKey(Convert.FromBase64String(File.ReadAllText(Path.Combine(DataDir, "secrets", "session-key")).Trim()));

    public Task<CommandResult> UpAsync() => ControlAsync(UpLimit, "up", (cluster, token) => cluster.UpAsync(token));

    public Task<CommandResult> DownAsync() => ControlAsync(SiloCommandLimit, "down", (cluster, token) => cluster.DownAsync(token));

    public Task<CommandResult> KillAsync(string silo) =>
        ControlAsync(SiloCommandLimit, $"silo kill {silo}", (cluster, token) => cluster.StopSiloAsync(silo, kill: true, token));

    public Task<CommandResult> StartAsync(string silo) =>
        ControlAsync(SiloCommandLimit, $"silo start {silo}", (cluster, token) => cluster.StartSiloAsync(silo, token));

    /// <summary><c>admin verify --json</c> of the console client (built by <see cref="UpAsync"/>) against this cluster.</summary>
    public async Task<CommandResult> VerifyAsync()
    {
        var watch = Stopwatch.StartNew();
        var environment = new Dictionary<string, string>
        {
            ["BANK_DATA_DIR"] = _layout.DataDir,
            ["BANK_GATEWAYS"] = _layout.GatewayList(),
            ["BANK_CLUSTER_CA"] = _layout.ClusterCaFile,
        };
        var result = await BoundedProcess.RunAsync("dotnet", [_layout.ClientDll, "admin", "verify", "--json"], environment, TimeSpan.FromSeconds(60), _layout.Root).ConfigureAwait(false);
        Report("admin verify --json", result, watch.Elapsed);
        return result;
    }

    /// <summary>The pid recorded for a silo, if that process is alive and is that silo.</summary>
    public int? RunningPid(string silo) => new LocalCluster(_layout, TextWriter.Null, TextWriter.Null).RunningPid(silo);

    public bool IsRunning(string silo) => RunningPid(silo) is not null;

    /// <summary>A master's replica file (<c>Paths:ReplicaFile</c> of silo-config, in the data directory); its stamp is this path + <c>.stamp</c>.</summary>
    public string ReplicaFile(string master) => Path.Combine(DataDir, master + ".db");

    /// <summary>A master's Orleans grain storage file, which holds its council member's epoch (<c>Paths:GrainStateFile</c>).</summary>
    public string CouncilStateFile(string master) => Path.Combine(DataDir, master + "-grainstate.db");

    /// <summary>How far a silo's log (appended to by every start) has been written: where a later <see cref="LogSince"/> starts.</summary>
    public long LogLength(string silo)
    {
        var file = LogFile(silo);
        return File.Exists(file) ? new FileInfo(file).Length : 0;
    }

    /// <summary>What a silo logged from byte <paramref name="offset"/> on (see <see cref="LogLength"/>).</summary>
    public string LogSince(string silo, long offset)
    {
        var file = LogFile(silo);
        if (!File.Exists(file))
        {
            return "";
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>SIGSTOP (pause) or SIGCONT (resume) the silo's own process.</summary>
    public async Task<bool> SignalAsync(string silo, string signal)
    {
        if (RunningPid(silo) is not { } pid)
        {
            return false;
        }

        var result = await BoundedProcess.RunAsync("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _log.Line($"kill -{signal} {silo} (pid {pid}): exit {result.ExitCode}");
        return result.Ok;
    }

    private string LogFile(string silo) => Path.Combine(DataDir, "logs", silo + ".log");

    // One cluster command, bounded: on timeout it is cancelled (a silo it started keeps its pid
    // file, so a later down stops it) and reported as timed out.
    private async Task<CommandResult> ControlAsync(TimeSpan limit, string name, Func<LocalCluster, CancellationToken, Task> command)
    {
        var watch = Stopwatch.StartNew();
        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(limit);
        CommandResult result;
        try
        {
            await command(new LocalCluster(_layout, output, output), timeout.Token).ConfigureAwait(false);
            result = new CommandResult(ExitCodes.Ok, output.ToString(), TimedOut: false);
        }
        catch (ClusterExitException exit)
        {
            if (exit.Reason is not null)
            {
                output.WriteLine("bank: " + exit.Reason);
            }

            result = new CommandResult(exit.ExitCode, output.ToString(), TimedOut: false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new CommandResult(-1, output.ToString(), TimedOut: true);
        }

        Report(name, result, watch.Elapsed);
        return result;
    }

    private void Report(string command, CommandResult result, TimeSpan took)
    {
        _log.Line($"./bank {command}: exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")} in {took.TotalSeconds:0.0}s");
        if (!result.Ok)
        {
            _log.Line("  " + string.Join("\n  ", result.Output.Split('\n').TakeLast(15)));
        }
    }
}
