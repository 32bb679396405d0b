using System.Globalization;
using System.Security.Cryptography;
using BankOrleans.Topology;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// A one-silo bank cluster (master-1 as its own process, SQLite membership in a temp directory,
/// free ports on 127.0.0.1) with the cluster certificate of <see cref="Cluster"/>, and a second,
/// unrelated CA with its certificate (<see cref="Other"/>). Shared by the TLS tests; disposing
/// stops every silo it started, by pid.
/// </summary>
public sealed class ClusterTlsFixture : IAsyncLifetime
{
    // Orleans.Runtime.SiloStatus values as stored in OrleansMembershipTable.Status.
    public const int Joining = 2;
    public const int Active = 3;

    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> _silos = [];
    private DirectoryInfo _work = null!;

    internal ClusterCertificateSet Cluster { get; private set; } = null!;

    internal ClusterCertificateSet Other { get; private set; } = null!;

    // The client's cluster id (UseBankClient); the membership file is this fixture's own.
    public string ClusterId { get; } = BankTopology.Local.ClusterId;

    public string OperatorToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    public string WorkDirectory => _work.FullName;

    public string MembershipFile => Path.Combine(_work.FullName, "data", "membership.db");

    /// <summary>master-1's gateway, <c>127.0.0.1:port</c>.</summary>
    public string Gateway { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(RepoPaths.SiloDll), $"the silo is not built: {RepoPaths.SiloDll}");
        _work = Directory.CreateTempSubdirectory("bank-tls-");
        Cluster = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "cluster-secrets"));
        Other = await ClusterCertificateSet.MakeAsync(Path.Combine(_work.FullName, "other-secrets"));
        var master1 = Start("master-1", Cluster);
        Gateway = master1.Gateway;
        await WaitUntilAsync("master-1 Active", () => Status("master-1") == Active, master1.Silo);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _work.Delete(recursive: true);
    }

    /// <summary>Starts silo <paramref name="name"/> of this cluster with <paramref name="certificates"/>.</summary>
    internal (SiloProcess Silo, string Gateway) Start(string name, ClusterCertificateSet certificates, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var ports = FreePorts.Take(3);
        var environment = new Dictionary<string, string>
        {
            ["BANK_DATA_DIR"] = Path.Combine(_work.FullName, "data"),
            ["BANK_Silo__ClusterId"] = ClusterId,
            ["BANK_Silo__SiloPort"] = Invariant(ports[0]),
            ["BANK_Silo__GatewayPort"] = Invariant(ports[1]),
            ["BANK_Health__Port"] = Invariant(ports[2]),
            ["BANK_Dashboard__Port"] = "0",
            ["BANK_Bank__Security__OperatorToken"] = OperatorToken,
            ["BANK_Bank__Security__SessionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in certificates.SiloEnvironment.Concat(overrides ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        var silo = SiloProcess.Start(name, environment, Path.Combine(_work.FullName, name + ".log"));
        _silos.Add(silo);
        return (silo, $"127.0.0.1:{ports[1]}");
    }

    /// <summary>The newest status of <paramref name="siloName"/> in the membership table, or null when it has no row.</summary>
    public int? Status(string siloName)
    {
        if (!File.Exists(MembershipFile))
        {
            return null;
        }

        using var connection = new SqliteConnection($"Data Source={MembershipFile};Mode=ReadOnly;Pooling=False;Default Timeout=5");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = $id AND SiloName = $name ORDER BY Generation DESC LIMIT 1";
        command.Parameters.AddWithValue("$id", ClusterId);
        command.Parameters.AddWithValue("$name", siloName);
        try
        {
            return command.ExecuteScalar() is long status ? (int)status : null;
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null; // no silo has made the schema yet
        }
    }

    /// <summary>Polls every 250 ms until <paramref name="condition"/>; fails with the silo's log tail if it exits or time runs out.</summary>
    public static async Task WaitUntilAsync(string what, Func<bool> condition, SiloProcess silo, bool failIfExited = true)
    {
        var deadline = DateTime.UtcNow + JoinLimit;
        while (!condition())
        {
            if (failIfExited && !silo.IsRunning)
            {
                Assert.Fail($"{silo.Name} exited ({silo.ExitCode}) while waiting for {what}:\n{Tail(silo.LogFile)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"timed out after {JoinLimit.TotalSeconds:0} s waiting for {what}:\n{Tail(silo.LogFile)}");
            }

            await Task.Delay(250);
        }
    }

    public static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(15)) : "(no log)";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
