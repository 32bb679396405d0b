using System.Diagnostics;
using System.Globalization;
using BankOrleans.Connections;
using BankOrleans.Contracts.Security;

namespace BankOrleans.Chaos.Cluster;

/// <summary>
/// The run's own cluster: the repository's <c>./bank</c> script with BANK_DATA_DIR set to a temp
/// directory and BANK_PORT_OFFSET to a free range, so it is the real multi-process cluster, beside
/// any other. Processes are only ever signalled by the pid ./bank recorded for them.
/// </summary>
internal sealed class ChaosCluster
{
    private static readonly TimeSpan UpLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan SiloCommandLimit = TimeSpan.FromSeconds(90);
    private readonly string _bank;
    private readonly Dictionary<string, string> _environment;
    private readonly ChaosLog _log;

    public ChaosCluster(string repoRoot, string dataDir, int portOffset, ChaosLog log)
    {
        _bank = Path.Combine(repoRoot, "bank");
        DataDir = dataDir;
        PortOffset = portOffset;
        _log = log;
        _environment = new()
        {
            ["BANK_DATA_DIR"] = dataDir,
            ["BANK_PORT_OFFSET"] = portOffset.ToString(CultureInfo.InvariantCulture),
            ["BANK_UP_TIMEOUT"] = "90",
            // Its own CA: ./bank honours an inherited BANK_CLUSTER_CA, which names another cluster's.
            ["BANK_CLUSTER_CA"] = ClusterCaFile.InDataDirectory(dataDir),
        };
    }

    public string DataDir { get; }

    public int PortOffset { get; }

    /// <summary>The silos' call credential, from the session key <c>./bank up</c> generated into the data directory.</summary>
    public SiloCallCredential SiloCredential() =>
        SiloCallCredential.FromSessionKey(Convert.FromBase64String(File.ReadAllText(Path.Combine(DataDir, "secrets", "session-key")).Trim()));

    public Task<CommandResult> UpAsync() => BankAsync(UpLimit, "up");

    public Task<CommandResult> DownAsync() => BankAsync(SiloCommandLimit, "down");

    public Task<CommandResult> KillAsync(string silo) => BankAsync(SiloCommandLimit, "silo", "kill", silo);

    public Task<CommandResult> StartAsync(string silo) => BankAsync(SiloCommandLimit, "silo", "start", silo);

    public Task<CommandResult> VerifyAsync() => BankAsync(TimeSpan.FromSeconds(60), "admin", "verify", "--json");

    /// <summary>The pid ./bank recorded for a silo, if that process is alive and is that silo.</summary>
    public int? RunningPid(string silo)
    {
        var file = Path.Combine(DataDir, "pids", silo + ".pid");
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains($"silo-config/{silo}.json", StringComparison.Ordinal) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

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

    private async Task<CommandResult> BankAsync(TimeSpan limit, params string[] arguments)
    {
        var watch = Stopwatch.StartNew();
        var result = await BoundedProcess.RunAsync("bash", [_bank, .. arguments], _environment, limit, Path.GetDirectoryName(_bank)).ConfigureAwait(false);
        _log.Line($"./bank {string.Join(' ', arguments)}: exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")} in {watch.Elapsed.TotalSeconds:0.0}s");
        if (!result.Ok)
        {
            _log.Line("  " + string.Join("\n  ", result.Output.Split('\n').TakeLast(15)));
        }

        return result;
    }
}
