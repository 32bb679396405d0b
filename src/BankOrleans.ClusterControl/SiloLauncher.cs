using System.Diagnostics;
using System.Globalization;

namespace BankOrleans.ClusterControl;

/// <summary>
/// Starts one silo as a background process that outlives the command: <c>setsid</c> gives it its
/// own session (it never gets the terminal's Ctrl-C or hang-up), <c>nohup</c> ignores SIGHUP, its
/// output is appended to its log and its stdin is /dev/null. The shell, setsid and nohup each exec
/// the next, so the pid <see cref="Process.Start()"/> returns is the silo's own.
/// </summary>
internal static class SiloLauncher
{
    private const string Script = "log=$1; shift; exec setsid nohup \"$@\" >>\"$log\" 2>&1 </dev/null";
    private static readonly TimeSpan ExecWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExecPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts <paramref name="silo"/> and records its pid and start time at once (before it has exec'd the silo).</summary>
    /// <exception cref="ClusterExitException">Exit 1: the silo's config file is missing.</exception>
    public static (int Pid, long? StartTime) Start(ClusterLayout layout, LocalSilo silo, SiloPidFiles pids)
    {
        if (!File.Exists(Path.Combine(layout.Root, silo.ConfigFile)))
        {
            throw new ClusterExitException(ExitCodes.Error, $"missing {silo.ConfigFile}");
        }

        var log = layout.LogFile(silo.Name);
        File.AppendAllText(log, string.Create(CultureInfo.InvariantCulture, $"\n==== {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}: ./bank starting {silo.Name}\n"));
        var start = ChildProcess.Shell(Script, [log, "dotnet", layout.SiloDll, "--config", silo.ConfigFile], layout.Root, Environment(layout, silo));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + silo.Name);
        var startTime = ProcessTable.StartTime(process.Id);
        pids.Record(silo.Name, process.Id, startTime);
        return (process.Id, startTime);
    }

    /// <summary>
    /// Waits (up to 10 s) until <paramref name="pid"/> runs the silo or has exited: until it has
    /// exec'd, it is still the shell, setsid or nohup, and in the middle of an exec its command
    /// line reads empty; the silo would look "not running".
    /// </summary>
    public static async Task WaitForExecAsync(LocalSilo silo, int pid, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ExecWait)
        {
            if (!ProcessTable.IsAlive(pid) || RunsProgram(ProcessTable.CommandLine(pid), silo.ConfigFile))
            {
                return;
            }

            await Task.Delay(ExecPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether <paramref name="commandLine"/> is the started program's own, naming
    /// <paramref name="configFile"/>, rather than one of the launch's wrappers (sh, setsid, nohup),
    /// whose arguments name the config file too, or the empty line of a process mid-exec.
    /// </summary>
    public static bool RunsProgram(string? commandLine, string configFile)
    {
        if (string.IsNullOrEmpty(commandLine) || !commandLine.Contains(configFile, StringComparison.Ordinal))
        {
            return false;
        }

        var program = Path.GetFileName(commandLine.Split(' ', 2)[0]);
        return program is not ("sh" or "setsid" or "nohup");
    }

    /// <summary>
    /// The silo's environment: its data directory, its shifted ports, and where its secrets are
    /// (a value already in the environment, BANK_Bank__Security__* or BANK_Bank__Tls__*, wins).
    /// </summary>
    public static Dictionary<string, string> Environment(ClusterLayout layout, LocalSilo silo)
    {
        var env = layout.Environment;
        string Or(string variable, string fallback) => env(variable) is { Length: > 0 } value ? value : fallback;
        var secrets = layout.SecretsDir;
        var environment = new Dictionary<string, string>
        {
            ["BANK_DATA_DIR"] = layout.DataDir,
            ["BANK_GATEWAYS"] = layout.GatewayList(),
            ["BANK_CLUSTER_CA"] = layout.ClusterCaFile,
            ["BANK_Silo__SiloPort"] = Text(silo.SiloPort),
            ["BANK_Silo__GatewayPort"] = Text(silo.GatewayPort),
            ["BANK_Health__Port"] = Text(silo.HealthPort),
            ["BANK_Bank__Tls__CertificateFile"] = Or("BANK_Bank__Tls__CertificateFile", Path.Combine(secrets, "cluster.crt")),
            ["BANK_Bank__Tls__KeyFile"] = Or("BANK_Bank__Tls__KeyFile", Path.Combine(secrets, "cluster.key")),
            ["BANK_Bank__Tls__CaFile"] = Or("BANK_Bank__Tls__CaFile", Path.Combine(secrets, "cluster-ca.crt")),
        };
        if (silo.DashboardPort is { } dashboard)
        {
            environment["BANK_Dashboard__Port"] = Text(dashboard);
        }

        if (string.IsNullOrEmpty(env("BANK_Bank__Security__SessionKey")))
        {
            environment["BANK_Bank__Security__SessionKeyFile"] = Or("BANK_Bank__Security__SessionKeyFile", Path.Combine(secrets, "session-key"));
        }

        if (string.IsNullOrEmpty(env("BANK_Bank__Security__OperatorToken")))
        {
            environment["BANK_Bank__Security__OperatorTokenFile"] = Or("BANK_Bank__Security__OperatorTokenFile", Path.Combine(secrets, "operator-token"));
        }

        return environment;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
