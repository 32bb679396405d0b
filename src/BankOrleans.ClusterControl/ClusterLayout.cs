using System.Globalization;
using BankOrleans.Topology;

namespace BankOrleans.ClusterControl;

/// <summary>
/// Where the local cluster lives and how long its commands wait: the repository's topology
/// (silo-config/*.json) shifted by <c>BANK_PORT_OFFSET</c>, the data directory
/// (<c>BANK_DATA_DIR</c>, default <c>./data</c>) with its <c>logs/</c>, <c>pids/</c> and
/// <c>secrets/</c>, the Release builds it runs, and the limits <c>BANK_UP_TIMEOUT</c> (60 s) and
/// <c>BANK_STOP_TIMEOUT</c> (20 s).
/// </summary>
public sealed class ClusterLayout
{
    private const int DefaultUpTimeoutSeconds = 60;    // ./bank up / silo start: until the silos serve
    private const int DefaultStopTimeoutSeconds = 20;  // graceful stop before SIGKILL

    private ClusterLayout(string root, BankTopology topology, int portOffset, string dataDir, Func<string, string?> environment)
    {
        Root = root;
        Topology = topology;
        PortOffset = portOffset;
        Environment = environment;
        Silos = [.. topology.Silos.Select(s => LocalSilo.From(s, portOffset))];
        DashboardSilo = Silos.Single(s => s.DashboardPort is not null);
        DataDir = dataDir;
        ClusterCaFile = environment("BANK_CLUSTER_CA") is { Length: > 0 } ca ? ca : Path.Combine(SecretsDir, "cluster-ca.crt");
        UpTimeout = Seconds(environment, "BANK_UP_TIMEOUT", DefaultUpTimeoutSeconds);
        StopTimeout = Seconds(environment, "BANK_STOP_TIMEOUT", DefaultStopTimeoutSeconds);
    }

    /// <summary>The repository root (holds <c>silo-config/</c>, <c>src/</c>, <c>./bank</c>).</summary>
    public string Root { get; }

    /// <summary>The topology as silo-config/*.json defines it, ports unshifted.</summary>
    public BankTopology Topology { get; }

    /// <summary><c>BANK_PORT_OFFSET</c>: added to every port, so that several clusters run side by side.</summary>
    public int PortOffset { get; }

    /// <summary>The silos, masters by index then the reader, with shifted ports.</summary>
    public IReadOnlyList<LocalSilo> Silos { get; }

    /// <summary>The silo that serves the dashboard.</summary>
    public LocalSilo DashboardSilo { get; }

    /// <summary>The environment the layout was read from (the process's, or a caller's overrides).</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>SQLite files, logs, pid files and secrets (absolute).</summary>
    public string DataDir { get; }

    /// <summary>Each silo's log (<c>&lt;silo&gt;.log</c>, appended to by every start) and the last build's output.</summary>
    public string LogDir => Path.Combine(DataDir, "logs");

    /// <summary>Each silo's pid file.</summary>
    public string PidDir => Path.Combine(DataDir, "pids");

    /// <summary>Session key, operator token, cluster CA and certificate, made by <c>up</c> (0600).</summary>
    public string SecretsDir => Path.Combine(DataDir, "secrets");

    /// <summary>The CA certificate clients check the gateways against: <c>BANK_CLUSTER_CA</c>, else this cluster's own.</summary>
    public string ClusterCaFile { get; }

    /// <summary>How long <c>up</c> and <c>silo start</c> wait for the silos to serve.</summary>
    public TimeSpan UpTimeout { get; }

    /// <summary>How long a graceful stop waits before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; }

    /// <summary>The silo project, built by <c>up</c>.</summary>
    public string SiloProject => Path.Combine(Root, "src", "BankOrleans.Silo");

    /// <summary>The console client project.</summary>
    public string ClientProject => Path.Combine(Root, "src", "BankOrleans.Client");

    /// <summary>The benchmark project.</summary>
    public string BenchProject => Path.Combine(Root, "src", "BankOrleans.Bench");

    /// <summary>The Release build of the silo.</summary>
    public string SiloDll => Path.Combine(SiloProject, "bin", "Release", "net10.0", "BankOrleans.Silo.dll");

    /// <summary>The Release build of the console client.</summary>
    public string ClientDll => Path.Combine(ClientProject, "bin", "Release", "net10.0", "bank-client.dll");

    /// <summary>The Release build of the benchmark.</summary>
    public string BenchDll => Path.Combine(BenchProject, "bin", "Release", "net10.0", "bank-bench.dll");

    /// <summary>The dashboard's address.</summary>
    public string DashboardUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{DashboardSilo.DashboardPort}/dashboard/");

    /// <summary>
    /// Reads the layout of the repository at <paramref name="root"/> from <paramref name="environment"/>
    /// (the process environment when null).
    /// </summary>
    /// <exception cref="ClusterExitException">Exit 2: an offset or limit is not a number. Exit 1: silo-config does not form the topology.</exception>
    public static ClusterLayout Read(string root, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        environment ??= System.Environment.GetEnvironmentVariable;
        var offsetText = environment("BANK_PORT_OFFSET") is { Length: > 0 } o ? o : "0";
        if (!IsNumber(offsetText) || !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw new ClusterExitException(ExitCodes.Usage, "BANK_PORT_OFFSET must be a number");
        }

        BankTopology topology;
        try
        {
            topology = BankTopology.LoadDirectory(Path.Combine(root, "silo-config"));
        }
        catch (Exception ex) when (ex is BankTopologyException or IOException)
        {
            throw new ClusterExitException(ExitCodes.Error, ex.Message);
        }

        return new ClusterLayout(root, topology, offset, DataDirectory(root, environment("BANK_DATA_DIR")), environment);
    }

    /// <summary>
    /// <c>BANK_DATA_DIR</c> as the cluster uses it: <c>data</c> when unset or empty, and a relative
    /// path is relative to <paramref name="root"/> (joined, not normalised).
    /// </summary>
    public static string DataDirectory(string root, string? setting)
    {
        var dir = string.IsNullOrEmpty(setting) ? "data" : setting;
        return dir.StartsWith('/') ? dir : root + "/" + dir;
    }

    /// <summary>The silo named <paramref name="name"/>, or null.</summary>
    public LocalSilo? Find(string name) => Silos.FirstOrDefault(s => s.Name == name);

    /// <summary>The gateways <c>127.0.0.1:port,…</c> of every silo, or of those with <paramref name="role"/>.</summary>
    public string GatewayList(string? role = null) =>
        string.Join(',', Silos.Where(s => role is null || s.Role == role).Select(s => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{s.GatewayPort}")));

    /// <summary>A silo's log file.</summary>
    public string LogFile(string silo) => Path.Combine(LogDir, silo + ".log");

    /// <summary>The silos' names, space-separated, as messages list them.</summary>
    public string NameList => string.Join(' ', Silos.Select(s => s.Name));

    private static bool IsNumber(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static TimeSpan Seconds(Func<string, string?> environment, string variable, int fallback)
    {
        var text = environment(variable) is { Length: > 0 } t ? t : null;
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (!IsNumber(text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new ClusterExitException(ExitCodes.Usage, $"{variable} must be a number");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
